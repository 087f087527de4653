/**
 * `ar calls`: the collector's prioritized call list with scripts (SPEC.md "Collector call list").
 */
import path from "node:path";
import { Command } from "commander";
import { age } from "../engine/aging.js";
import { BusinessCalendar } from "../engine/calendar.js";
import { agingOptions } from "../engine/book.js";
import { creditAlertsByCustomer, creditReview } from "../engine/credit.js";
import { callSettingsOf, extraFlagsFrom, horizonDays, planCalls, type PlannedCall } from "../engine/calls.js";
import type { CustomerProfile } from "../engine/customers.js";
import { isoDate, type Day } from "../engine/dates.js";
import { discountOffers, offerToMention, type DiscountOffer } from "../engine/discount-offer.js";
import { computeLimitation, openClaimsFromLedger } from "../engine/limitation.js";
import { planStatuses } from "../engine/plan.js";
import { docNoOf, type Ledger } from "../engine/ledger.js";
import { fromMinor } from "../engine/money.js";
import { writeFileAtomic, WriteError } from "../io/atomic.js";
import { companyName, type Config } from "../io/config.js";
import { word, type Lang } from "../io/i18n.js";
import { renderIcs } from "../io/ics.js";
import { ratePercent } from "../io/document/offer-data.js";
import { escapeControl } from "../io/read-ledger.js";
import { callsTableModel, reasonText, renderCalls, skipText, stageWord, type CallsView } from "../io/render/calls.js";
import { chineseGreeting, ScriptBook, ScriptError, spokenAmountEn, spokenAmountZh, spokenDate, spokenRate, type ScriptData } from "../io/scripts.js";
import type { CliIo } from "./context.js";
import { UsageError } from "./context.js";
import { addInputOptions, addOutputOptions, templateDirOf, loadForRun, printProblem, startRun, writeReport, type CommonOptions, type Run } from "./shared.js";

interface CallsOptions extends CommonOptions {
  events?: string;
  days: string;
  holidays?: string;
  template?: string;
  ics?: string;
}

function daysFlag(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > 366) throw new UsageError(`--days: "${text}" is not a number of business days from 1 to 366`);
  return Number(text);
}

export function callsCommand(io: CliIo): Command {
  const cmd = new Command("calls")
    .summary("the collector's call list: who to call, when, why, and what to say")
    .description(
      "Plans the calls due from as-of through the next --days business days, highest priority first: slot, customer, contact, tier, overdue amount, dunning stage (reminder, first, second, escalate, legal) from the events log, flags (broken_promise, pre_spring_festival, pre_mid_autumn, due_soon, expiring_claim, over_limit), the reasons behind the rank and a script in the customer's language. Customers due but not scheduled (do not contact, month-end or quarter-end, open promise, no free slot) are listed with why.",
    )
    .argument("[ledger...]", "ledger CSV files, concatenated; - reads standard input");
  addInputOptions(cmd);
  cmd
    .option("--events <file>", "contact and evidence log CSV (stages, cadence, promises)")
    .option("--days <n>", "business days the list covers, from as-of", "1")
    .option("--holidays <file>", "your own calendar days: CSV date, off|work (other countries, unpublished years)")
    .option("--template <dir>", "your own script templates: DIR/{zh,en}/<stage>.hbs")
    .option("--ics <file>", "also write the call slots as an iCalendar file");
  addOutputOptions(cmd);
  cmd.addHelpText(
    "after",
    `
Examples:
  ar calls fixtures/ledger.csv --customers fixtures/customers.csv --events fixtures/events.csv --as-of 2025-06-30
  ar calls ledger.csv --customers customers.csv --events events.csv --days 5 --ics calls.ics
  ar calls ledger.csv --customers customers.csv --format csv -o dialler.csv --holidays holidays.csv`,
  );
  cmd.action(async (files: string[], opts: CallsOptions) => {
    const run = startRun(io, opts);
    const days = daysFlag(opts.days);
    const abs = (f: string) => (f === "-" ? f : path.resolve(io.cwd, f));
    const inputs = [...files, opts.customers, opts.config, opts.events, opts.holidays].filter((f): f is string => f !== undefined && f !== "-");
    for (const [flag, out] of [
      ["-o", opts.output],
      ["--ics", opts.ics],
    ] as const) {
      if (out === undefined) continue;
      if (inputs.some((f) => abs(f) === abs(out))) throw new UsageError(`${flag} ${out}: that is one of the inputs`);
    }
    if (opts.ics !== undefined && opts.output !== undefined && abs(opts.ics) === abs(opts.output)) throw new UsageError(`--ics ${opts.ics}: the same file as -o`);
    const templateDir = templateDirOf(io, opts.template);

    const loaded = await loadForRun(run, files, opts, { events: opts.events, holidays: opts.holidays, calendar: true, record: true });
    const { ledger, events } = loaded.book;
    const calendar = loaded.book.calendar!;
    const allRejected = loaded.rejected;

    const horizon = horizonDays(run.asOf, days, calendar);
    const lastDay = horizon[horizon.length - 1]!;
    const span: Day[] = [];
    for (let d = run.asOf; d <= lastDay; d++) span.push(d);
    for (const year of calendar.yearsWithoutArrangement(span)) {
      printProblem(run, "warning", "calendar.unpublished_year", `the calendar library has no official holiday arrangement for ${year}: only weekends count as days off there; add the year's holidays and make-up working days with --holidays FILE`);
    }

    const aging = age(loaded.settled, agingOptions(loaded.book));
    const settings = callSettingsOf(run.config);
    // Claims close to their limitation date (`ar limitation`'s defaults, Settings.limitation).
    const { years, warnDays } = run.config.limitation;
    const limitation = computeLimitation(openClaimsFromLedger(loaded.settled), events, { asOf: run.asOf, years, warnDays, calendar });
    // A missed instalment of the customer's latest agreement in the log is a broken promise (`ar plan --status`).
    // Customers the credit review raises an alert for (`ar credit` with the config's window).
    const credit = creditReview(loaded.book, { window: run.config.credit.window, credit: run.config.credit });
    const extraFlags = extraFlagsFrom(limitation, planStatuses(events, loaded.settled, run.config.currency).plans, creditAlertsByCustomer(credit, ledger));
    const profiles = loaded.master?.byId;
    const list = planCalls({
      asOf: run.asOf,
      days,
      calendar,
      settled: loaded.settled,
      aging,
      events,
      profiles,
      settings,
      extraFlags,
    });

    const book = new ScriptBook(templateDir);
    const offers = discountOffers(loaded.settled);
    let scripts: string[];
    try {
      scripts = list.calls.map((call) => {
        const profile = profiles?.get(call.customerId);
        const lang = profile?.lang ?? run.lang;
        return book.render(lang, call.stage, scriptData(call, profile, lang, ledger, run, calendar, offers), `customer ${call.customerId}`);
      });
    } catch (e) {
      if (e instanceof ScriptError) throw new UsageError(e.message);
      throw e;
    }

    const view: CallsView = { list, lang: run.lang, profiles, scripts, weekdays: settings.weekdays, perHour: settings.perHour, rejected: allRejected, chalk: run.chalk };
    // A dialler's CSV holds calls only; who was left out, and why, goes to stderr.
    if (run.format === "csv" || run.format === "xlsx") {
      for (const s of list.skipped) io.stderr.write(`ar: ${word(run.lang, "note")}: ${word(run.lang, "callsSkipped")}: ${s.subject.customerId}: ${escapeControl(skipText(s.reason, view))}\n`);
    }
    writeReport(run, opts, run.format === "xlsx" ? [callsTableModel(view)] : renderCalls(view, run.format));
    if (opts.ics !== undefined) {
      const ics = renderIcs({
        asOf: run.asOf,
        timezone: run.config.timezone,
        name: `${word(run.lang, "callsTitle")} ${isoDate(run.asOf)}`,
        events: list.calls.map((call, k) => ({
          date: call.date,
          start: call.start,
          end: call.end,
          uidSeed: `${call.customerId}\u0000${isoDate(call.date)}\u0000${call.start}`,
          summary: icsSummary(call, run.lang, profiles?.get(call.customerId)),
          description: icsDescription(call, run.lang, profiles?.get(call.customerId), scripts[k]!, list.scale),
        })),
      });
      try {
        writeFileAtomic(abs(opts.ics), ics);
      } catch (e) {
        if (e instanceof WriteError) throw new UsageError(`--ics ${opts.ics}: cannot write the calendar: ${e.reason}; nothing was written`);
        throw e;
      }
    }
  });
  return cmd;
}

function spoken(amountUnits: bigint, scale: number, currency: string, lang: Lang): string {
  const amount = fromMinor(amountUnits, scale);
  return lang === "zh" ? spokenAmountZh(amount, currency) : spokenAmountEn(amount, currency);
}

/** What the script template of a call may use (see templates/scripts/README.md). */
export function scriptData(call: PlannedCall, profile: CustomerProfile | undefined, lang: Lang, ledger: Ledger, run: Run, calendar: BusinessCalendar, offers: ReadonlyMap<number, DiscountOffer> = new Map()): ScriptData {
  const asOf = run.asOf;
  const contactName = profile?.contactName ?? "";
  const contactTitle = profile?.contactTitle ?? "";
  const due = ledger.dueDate[call.focusItem]!;
  const p = call.brokenPromise;
  const promiseAmount = p?.amount === undefined ? (lang === "zh" ? "款项" : "the payment") : lang === "zh" ? spokenAmountZh(p.amount, call.currency) : spokenAmountEn(p.amount, call.currency);
  const rate = profile?.lateFeeRate ?? run.config.fees.rate;
  const offer = offerToMention(ledger, offers, { customer: call.customer, currency: call.currency, on: call.date, about: call.focusItem });
  return {
    greeting: lang === "zh" ? chineseGreeting(contactName, contactTitle) : contactName,
    contactName,
    contactTitle,
    customerName: call.name,
    company: companyName(run.config.company, lang),
    invoice: {
      docNo: docNoOf(ledger, call.focusItem),
      dueDate: spokenDate(due, asOf, lang),
      amount: spoken(call.focusOutstanding, ledger.scale, call.currency, lang),
      daysOverdue: Math.max(0, asOf - due),
    },
    overdue: spoken(call.overdue, ledger.scale, call.currency, lang),
    invoiceCount: call.overdueItems,
    severalInvoices: call.overdueItems > 1,
    lateFeeRate: spokenRate(rate, lang),
    deadline: spokenDate(calendar.addBusinessDays(call.date, run.config.letters.replyBusinessDays), asOf, lang),
    promise: p === undefined ? null : { madeOn: spokenDate(p.madeOn, asOf, lang), dueDate: spokenDate(p.dueDate, asOf, lang), amount: promiseAmount },
    discount:
      offer === undefined
        ? null
        : {
            docNo: docNoOf(ledger, offer.invoice),
            rate: ratePercent(offer.rate),
            amount: spoken(offer.deductible, ledger.scale, call.currency, lang),
            pay: spoken(offer.toPay, ledger.scale, call.currency, lang),
            lastDay: spokenDate(offer.lastDay, asOf, lang),
          },
    legalSince: call.legalSince === undefined ? null : spokenDate(call.legalSince, asOf, lang),
    festival: call.festival === undefined ? null : call.festival.festival === "spring" ? (lang === "zh" ? "春节" : "Spring Festival") : lang === "zh" ? "中秋节" : "Mid-Autumn Festival",
    stage: call.stage,
    tier: call.tier ?? "",
  };
}

function icsSummary(call: PlannedCall, lang: Lang, profile: CustomerProfile | undefined): string {
  const who = profile?.contactName ? ` ${profile.contactName}` : "";
  return `#${call.rank} ${call.customerId} ${call.name}${who} (${stageWord(lang, call.stage)})`;
}

function icsDescription(call: PlannedCall, lang: Lang, profile: CustomerProfile | undefined, script: string, scale: number): string {
  const lines: string[] = [];
  if (profile?.contactName || profile?.phone) lines.push([profile.contactName, profile.contactTitle, profile.phone].filter((s) => s).join(", "));
  lines.push(call.reasons.map((r) => reasonText(r, lang, scale)).join(lang === "zh" ? "；" : "; "));
  lines.push(script);
  return lines.join("\n");
}
