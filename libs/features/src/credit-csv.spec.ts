import { LABEL_COLUMN } from './columns';
import { parseCreditCsv } from './credit-csv';
import { loadReferenceRows } from './testing/reference-csv';

const HEADER =
  'ID,LIMIT_BAL,SEX,EDUCATION,MARRIAGE,AGE,PAY_0,PAY_2,PAY_3,PAY_4,PAY_5,PAY_6,BILL_AMT1,BILL_AMT2,BILL_AMT3,BILL_AMT4,BILL_AMT5,BILL_AMT6,PAY_AMT1,PAY_AMT2,PAY_AMT3,PAY_AMT4,PAY_AMT5,PAY_AMT6,default_payment_next_month';
const LINE = '1,20000,2,2,1,24,2,2,-1,-1,-2,-2,3913,3102,689,0,0,0,0,689,0,0,0,0,1';

describe('parseCreditCsv', () => {
  it('parses rows, drops ID and tolerates CRLF, a BOM and a trailing newline', () => {
    const rows = parseCreditCsv(`\uFEFF${HEADER}\r\n${LINE}\r\n`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).not.toHaveProperty('ID');
    expect(rows[0].LIMIT_BAL).toBe(20000);
    expect(rows[0].PAY_5).toBe(-2);
    expect(rows[0][LABEL_COLUMN]).toBe(1);
    expect(Object.keys(rows[0])).toHaveLength(24);
  });

  it('accepts columns in any order', () => {
    const cols = HEADER.split(',');
    const cells = LINE.split(',');
    const order = cols.map((_, i) => i).reverse();
    const rows = parseCreditCsv(`${order.map((i) => cols[i]).join(',')}\n${order.map((i) => cells[i]).join(',')}`);
    expect(rows[0].BILL_AMT1).toBe(3913);
    expect(rows[0].AGE).toBe(24);
  });

  it('rejects a header without all columns, naming them', () => {
    expect(() => parseCreditCsv(`${HEADER.replace(',AGE', '')}\n`)).toThrow(/missing required column\(s\): AGE/);
    expect(() => parseCreditCsv('')).toThrow(/missing required column/);
  });

  it('rejects bad cells with the line number', () => {
    expect(() => parseCreditCsv(`${HEADER}\n${LINE}\n${LINE.replace('20000', 'abc')}`)).toThrow(/line 3: column LIMIT_BAL/);
    expect(() => parseCreditCsv(`${HEADER}\n${LINE.replace(/,1$/, ',2')}`)).toThrow(/must be 0 or 1/);
    expect(() => parseCreditCsv(`${HEADER}\n1,2,3`)).toThrow(/line 2: expected 25 cells, got 3/);
    // Quoting is the CSV library's: a quoted header and cell parse like plain ones.
    expect(parseCreditCsv(`${HEADER.replace(',AGE,', ',"AGE",')}\n${LINE.replace(',24,', ',"24",')}`)[0].AGE).toBe(24);
  });

  it('reads the real data: 24,000 rows, 22.1% defaults', () => {
    const rows = loadReferenceRows();
    expect(rows).toHaveLength(24_000);
    expect(rows.filter((r) => r[LABEL_COLUMN] === 1)).toHaveLength(5309);
  });
});
