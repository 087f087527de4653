import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daxie, daxieRmb, rateInChinese, rateInEnglish } from "../../src/engine/daxie.js";
import { Decimal } from "../../src/engine/money.js";

const dx = (amount: string): string => daxie(new Decimal(amount));

describe("daxie: amounts in capital numerals", () => {
  it("writes the task's required examples", () => {
    expect(dx("80000.00")).toBe("捌万元整");
    expect(dx("1234.56")).toBe("壹仟贰佰叁拾肆元伍角陆分");
    expect(dx("10005.00")).toBe("壹万零伍元整");
    expect(dx("100000000.10")).toBe("壹亿元零壹角");
    expect(dx("16.00")).toBe("壹拾陆元整");
    expect(dx("0.05")).toBe("伍分");
    expect(dx("0.50")).toBe("伍角");
    expect(dx("0")).toBe("零元整");
    expect(dx("1000000000000.00")).toBe("壹万亿元整");
    expect(dx("100010.00")).toBe("壹拾万零壹拾元整");
  });

  it("writes the PBoC rule book's own examples, in the first form each rule gives", () => {
    expect(dx("1409.50")).toBe("壹仟肆佰零玖元伍角"); // 4(1), and no 整 after 角
    expect(dx("6007.14")).toBe("陆仟零柒元壹角肆分"); // 4(2)
    expect(dx("1680.32")).toBe("壹仟陆佰捌拾元零叁角贰分"); // 4(3)
    expect(dx("107000.53")).toBe("壹拾万柒仟元零伍角叁分"); // 4(3)
    expect(dx("16409.02")).toBe("壹万陆仟肆佰零玖元零贰分"); // 4(4)
    expect(dx("325.04")).toBe("叁佰贰拾伍元零肆分"); // 4(4)
  });

  it("writes one 零 when both the 元 digit and the 角 digit are 0", () => {
    expect(dx("16400.02")).toBe("壹万陆仟肆佰元零贰分");
    expect(dx("100.01")).toBe("壹佰元零壹分");
  });

  it("writes amounts under one 元 from their first non-zero place", () => {
    expect(dx("0.55")).toBe("伍角伍分");
    expect(dx("0.01")).toBe("壹分");
    expect(dx("0.10")).toBe("壹角");
  });

  it("writes 壹拾 for every ten, at the front and after a 零", () => {
    expect(dx("10")).toBe("壹拾元整");
    expect(dx("19.90")).toBe("壹拾玖元玖角");
    expect(dx("110")).toBe("壹佰壹拾元整");
    expect(dx("100000")).toBe("壹拾万元整");
    expect(dx("1010")).toBe("壹仟零壹拾元整");
  });

  it("handles zeros across the 万 and 亿 groups", () => {
    expect(dx("1001")).toBe("壹仟零壹元整");
    expect(dx("10001")).toBe("壹万零壹元整");
    expect(dx("10100")).toBe("壹万零壹佰元整");
    expect(dx("11000")).toBe("壹万壹仟元整");
    expect(dx("100000001")).toBe("壹亿零壹元整");
    expect(dx("101000000")).toBe("壹亿零壹佰万元整");
    expect(dx("110000000")).toBe("壹亿壹仟万元整");
    expect(dx("1000010000")).toBe("壹拾亿零壹万元整");
    expect(dx("1000100000000")).toBe("壹万零壹亿元整");
    expect(dx("1000000000005")).toBe("壹万亿零伍元整");
  });

  it("reaches 10^16 and beyond", () => {
    expect(dx("9999999999999999.99")).toBe("玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分");
    expect(dx("10000000000000000")).toBe("壹亿亿元整");
    expect(dx("12345678901234567.89")).toBe("壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖亿零壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分");
  });

  it("rounds half-up to cents first", () => {
    expect(dx("0.005")).toBe("壹分");
    expect(dx("0.004")).toBe("零元整");
    expect(dx("79999.995")).toBe("捌万元整");
    expect(dx("1.994")).toBe("壹元玖角玖分");
  });

  it("puts 负 in front of a negative amount, but not of one that rounds to zero", () => {
    expect(dx("-80000")).toBe("负捌万元整");
    expect(dx("-0.50")).toBe("负伍角");
    expect(dx("-0.004")).toBe("零元整");
  });

  it("refuses NaN and infinities", () => {
    expect(() => daxie(new Decimal(NaN))).toThrow(RangeError);
    expect(() => daxie(new Decimal(Infinity))).toThrow(RangeError);
  });

  it("prefixes 人民币 with no gap", () => {
    expect(daxieRmb(new Decimal("80000"))).toBe("人民币捌万元整");
    expect(daxieRmb(new Decimal("1680.32"))).toBe("人民币壹仟陆佰捌拾元零叁角贰分");
  });

  it("never writes two 零 in a row, nor ends in 零, and uses 整 only after 元", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 18n }), (cents) => {
        const words = daxie(new Decimal(cents.toString()).dividedBy(100));
        expect(words).not.toMatch(/零零/);
        expect(words).not.toMatch(/零$/);
        expect(words).not.toMatch(/^零/);
        expect(words.endsWith("整")).toBe(cents % 100n === 0n);
        if (words.endsWith("整")) expect(words).toMatch(/元整$/);
      }),
    );
  });

  it("writes each digit of the amount once, in order (零 and units aside)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 18n }), (cents) => {
        const words = daxie(new Decimal(cents.toString()).dividedBy(100));
        const digitsWritten = [...words].map((c) => "壹贰叁肆伍陆柒捌玖".indexOf(c) + 1).filter((n) => n > 0);
        const digitsOfAmount = [...cents.toString()].map(Number).filter((n) => n > 0);
        expect(digitsWritten).toEqual(digitsOfAmount);
      }),
    );
  });
});

describe("rates in words", () => {
  const zh = (rate: string): string => rateInChinese(new Decimal(rate));
  const en = (rate: string): string => rateInEnglish(new Decimal(rate));

  it("writes the task's examples", () => {
    expect(zh("0.003")).toBe("千分之三");
    expect(zh("0.0005")).toBe("万分之五");
    expect(zh("0.01")).toBe("百分之一");
    expect(zh("0.0015")).toBe("千分之一点五");
  });

  it("puts the first significant digit in the numerator's ones place, 百分之 from 1% up", () => {
    expect(zh("0.05")).toBe("百分之五");
    expect(zh("0.12")).toBe("百分之十二");
    expect(zh("0.125")).toBe("百分之十二点五");
    expect(zh("0.1")).toBe("百分之十");
    expect(zh("1")).toBe("百分之一百");
    expect(zh("1.5")).toBe("百分之一百五十");
    expect(zh("1.1")).toBe("百分之一百一十");
    expect(zh("0.0021")).toBe("千分之二点一");
    expect(zh("0.001")).toBe("千分之一");
    expect(zh("0.0009")).toBe("万分之九");
    expect(zh("0.00005")).toBe("万分之零点五");
    expect(zh("0.000175")).toBe("万分之一点七五");
  });

  it("writes zero and negative rates", () => {
    expect(zh("0")).toBe("百分之零");
    expect(zh("-0.003")).toBe("负千分之三");
  });

  it("writes exact percentages in English", () => {
    expect(en("0.003")).toBe("0.3%");
    expect(en("0.0005")).toBe("0.05%");
    expect(en("0.01")).toBe("1%");
    expect(en("0.0015")).toBe("0.15%");
    expect(en("0.05")).toBe("5%");
    expect(en("1.5")).toBe("150%");
    expect(en("0.00001")).toBe("0.001%");
    expect(en("0")).toBe("0%");
    expect(en("-0.003")).toBe("-0.3%");
    // 0.1 + 0.2 in floats is 0.30000000000000004; here it stays exact.
    expect(rateInEnglish(new Decimal("0.001").plus("0.002"))).toBe("0.3%");
  });
});
