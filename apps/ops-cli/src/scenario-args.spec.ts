import { scenarioFromArgs } from './scenario-args';

describe('scenarioFromArgs', () => {
  it('is undefined when neither option is given (the day draws its own scenario)', () => {
    expect(scenarioFromArgs(undefined, undefined)).toBeUndefined();
  });

  it('takes a preset name, with a severity', () => {
    expect(scenarioFromArgs('recession', undefined)).toEqual({ name: 'recession' });
    expect(scenarioFromArgs('recession', 0.5)).toMatchObject({ name: 'recession', severity: 0.5 });
  });

  it('takes a custom scenario as JSON and keeps its latent shifts', () => {
    const json = '{"name":"custom","shifts":[{"column":"PAY_0","shift":0.5,"space":"latent"}]}';
    expect(scenarioFromArgs(json, undefined)).toEqual({ name: 'custom', shifts: [{ column: 'PAY_0', shift: 0.5, space: 'latent' }] });
  });

  it('names what is wrong', () => {
    expect(() => scenarioFromArgs('{"name":', undefined)).toThrow(/not valid JSON/);
    expect(() => scenarioFromArgs('flood', undefined)).toThrow(/--scenario: Unknown scenario name "flood"/);
    expect(() => scenarioFromArgs('{"name":"custom","shifts":[{"column":"AGE"}]}', undefined)).toThrow(/shifts\[0\]/);
  });
});
