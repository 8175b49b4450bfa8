/**
 * The reference files in the exact layout of the real extracts (shared/formats): `ob.csv`
 * (instruments) and `session.csv` (market phases) with their leading space before the header and
 * every row, and `par.csv` (participants) without. Times are UTC ns (bigint text); `timestamp_bucket`
 * is the same instant in whole seconds.
 */
import { sydneyLocalToUtcNs } from "../model/time.js";
import { SESSION_PHASES } from "./calendar.js";
import type { CsvSink } from "./csv-sink.js";
import type { ParticipantSpec, SecuritySpec } from "./universe.js";

/** Header of ob.csv, as in the real file (without its leading space). */
export const OB_HEADER =
  "Partition,Sequence,TradeDate,Action,BusinessDate,ContractName,ContractSize,CouponFrequency,CouponInterest," +
  "Currency,CurrencyRelation,CurrencyUnit,DatedDate,DayCountConvention,DecimalsInContractSize," +
  "DecimalsInNominalValue,DecimalsInPrice,DecimalsInQuantity,DecimalsInStrikePrice," +
  "DecimalsInTermCurrencyQuantity,DerivativeLevel,ExchangeId,ExpirationDate,FirstTradingDate,FixedIncomeType," +
  "GroupType,Id,InstrumentClassId,InstrumentGroupId,IsinCode,IssuerId,LastTradingDate,MarketId,Modifier,Name," +
  "NextCouponDate,NominalValue,OptionStyle,OptionType,OrderTypeAttributes,OrderValidityAttributes," +
  "PriceQuotationFactor,PriceUnit,Sector,SettlementDate,StrikePrice,Timestamp,UnderlyingId,UnderlyingIssuerName," +
  "UnderlyingName,UpperLevelOrderBookId,isActive,isIndexMarket,isParticipantDefined,isTradedInGenium," +
  "isTradingAtSettlement,isWarrant,timestamp_bucket";

/** Header of par.csv, as in the real file. */
export const PAR_HEADER =
  "Partition,Sequence,TradeDate,Action,ClearingHouseId,ExchangeId,ExchangeName,Id,OrganisationNumber," +
  "ParticipantLongName,ParticipantName,ParticipantType,Timestamp,isActive,timestamp_bucket";

/** Header of session.csv, as in the real file (without its leading space). */
export const SESSION_HEADER =
  "Partition,Sequence,TradeDate,Id,Level,MatchingType,Name,OrderBookId,Timestamp,Type,isEndOfTrading";

const seconds = (ns: bigint): string => (ns / 1_000_000_000n).toString();

/** Writes ob.csv rows: one per security, dated Sydney midnight of `firstDate`. */
export async function writeOb(sink: CsvSink, secs: readonly SecuritySpec[], firstDate: string): Promise<void> {
  const td = sydneyLocalToUtcNs(firstDate, 0);
  sink.push(` ${OB_HEADER}\n`);
  for (const [i, s] of secs.entries()) {
    const name = `${s.ticker} Synthetic Security ${s.code}`;
    sink.push(
      ` ASX,${i + 1},${td},NEW,${td},${s.ticker} SECURITY,1,,0.0,AUD,,,0,,0,0,${s.decimals},0,0,0,,3,0,` +
        `1703250000000000000,,Cash,${s.code},1,1,AU${s.code}999,1,1766322000000000000,1,,${name},0,0,,,` +
        `"LimitAllowed,CenterPointSweepLimitAllowed","FillOrKillAllowed,FillAndKillAllowed",1.0,Price,` +
        `${s.sector},0,0.0,${td},0,,,0,True,False,False,True,False,False,${seconds(td)}\n`,
    );
    if (sink.needsFlush) await sink.flush();
  }
}

/** Writes par.csv rows: one per participant, dated Sydney midnight of `firstDate`. */
export async function writePar(sink: CsvSink, parts: readonly ParticipantSpec[], firstDate: string): Promise<void> {
  const td = sydneyLocalToUtcNs(firstDate, 0);
  sink.push(`${PAR_HEADER}\n`);
  for (const [i, p] of parts.entries()) {
    sink.push(
      `ASX,${i + 1},${td},NEW,1,1,ASX,${p.id},ORG${p.id},${p.longName},${p.name},${p.type},${td},True,` +
        `${seconds(td)}\n`,
    );
  }
  await sink.flush();
}

/**
 * Writes session.csv: for each date and security, the nine phases PRE_OPEN … CLOSE at their Sydney
 * local times (DST-aware). `Sequence` = 1,000,000 + phase id + 100 per (date, security) block.
 */
export async function writeSession(
  sink: CsvSink,
  secs: readonly SecuritySpec[],
  dates: readonly string[],
): Promise<void> {
  sink.push(` ${SESSION_HEADER}\n`);
  let block = 0;
  for (const date of dates) {
    const td = sydneyLocalToUtcNs(date, 0);
    for (const s of secs) {
      for (const ph of SESSION_PHASES) {
        const ts = sydneyLocalToUtcNs(date, ph.localSeconds);
        const seq = 1_000_000 + block * 100 + ph.id;
        sink.push(` 4,${seq},${td},${ph.id},1,${ph.matchingType},${ph.name},${s.code},${ts},0,${ph.isEndOfTrading}\n`);
      }
      if (sink.needsFlush) await sink.flush();
      block++;
    }
  }
}
