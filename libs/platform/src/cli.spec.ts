import { InvalidArgumentError } from 'commander';
import { positiveInt } from './cli';

describe('positiveInt (the command lines\' option parser)', () => {
  it('takes whole numbers from 1 and refuses anything else, naming the value', () => {
    expect(positiveInt('1')).toBe(1);
    expect(positiveInt('3601')).toBe(3601);
    for (const bad of ['0', '-2', '1.5', 'abc', '']) {
      expect(() => positiveInt(bad)).toThrow(InvalidArgumentError);
      expect(() => positiveInt(bad)).toThrow(`not a positive integer: ${bad}`);
    }
  });
});
