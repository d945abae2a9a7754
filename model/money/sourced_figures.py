"""The published figures the assumptions' defaults are built on, and their derivations.

Each figure names its source and year; a default derived from several shows the arithmetic
here, once, and the methodology page prints it from ASSUMPTION_INFO's words
(model/money/assumption_info.py). Amounts are US dollars; the pound figures are converted
at one stated rate.
"""

#: The highest monthly retention the money accepts: at r = 1 a customer never leaves and,
#: with no discounting, the lifetime value would be infinite.
MAX_RETENTION = 0.9999

#: ContactBabel's 2023-24 UK Customer Experience Decision-Makers' Guide gives the typical
#: cost of a call as £6.26 and states it as $7.68: its own rate, $1.2268 to the pound, is
#: the one used where a pound figure is compared with the dollars, the product's currency.
DOLLARS_PER_POUND = 7.68 / 6.26

#: The 2023 US figures every handling cost is built on, one place and one year.
#: Median wage of US customer service representatives, May 2023 (BLS Occupational
#: Employment and Wage Statistics: $39,680 a year), per hour of a 2,080-hour year.
AGENT_MEDIAN_WAGE_2023 = round(39_680 / 2_080, 2)
#: Share wages take of US private employers' compensation costs, June 2023 (BLS Employer
#: Costs for Employee Compensation: $28.97 of $41.03 an hour, 70.6 %).
WAGE_SHARE_2023 = 0.706
#: Loaded cost of an agent hour: the 2023 median wage over the 2023 wage share.
AGENT_HOUR_COST = round(AGENT_MEDIAN_WAGE_2023 / WAGE_SHARE_2023, 2)
#: Loaded cost of an hour of the average US private-industry worker, June 2023 (BLS ECEC).
AVERAGE_LOADED_HOUR_2023 = 41.03

#: Talk time of an average customer-service call: 6 min 21 s (ContactBabel, 2014 US
#: Contact Center HR and Operational Benchmarking Report).
AVERAGE_TALK_HOURS = (6 + 21 / 60) / 60

#: A call's cost beyond the agent's talk time: the published full cost of a call ($7.68)
#: less the talk time of an average call at the loaded agent rate.
CALL_COST_BEYOND_TALK = round(7.68 - AVERAGE_TALK_HOURS * AGENT_HOUR_COST, 2)

#: One handling of a customer's case, talk and after-call work: APQC's cross-industry
#: median call handling time, 590 s (Open Standards Benchmarking, measure 100124).
HANDLING_HOURS = 590 / 3600
#: One more handling at the loaded agent hour: what an escalation (the case worked again
#: by a second person) or the correction of a billing error (the customer's call and the
#: correction) costs at the least.
ONE_HANDLING_COST = round(HANDLING_HOURS * AGENT_HOUR_COST, 2)

#: A pro-rata outage credit: one hour of a month's bill. AT&T's postpaid phone revenue
#: per user, $50.51 a month (3rd quarter 2019), over the 730 hours of an average month.
POSTPAID_MONTHLY_REVENUE = 50.51
HOURS_PER_MONTH = 365 * 24 / 12
OUTAGE_CREDIT_PER_HOUR = round(POSTPAID_MONTHLY_REVENUE / HOURS_PER_MONTH, 3)

#: Carriage of one parcel in the US, 2023: carriers' parcel revenue over parcels (Pitney
#: Bowes Parcel Shipping Index 2023: $197.9 billion, 21.7 billion parcels).
PARCEL_CARRIAGE_2023 = round(197.9 / 21.7, 2)
#: A re-shipment: the carriage again and one handling to arrange it; the goods sent again
#: are the company's own cost and are not in the default.
RESHIPMENT_COST = round(PARCEL_CARRIAGE_2023 + ONE_HANDLING_COST, 2)

#: A complaint a regulator serves on a US carrier must be answered in writing within
#: 30 days (FCC Consumer Complaint Center; state utility boards alike) and no fee is
#: charged to the carrier: the cost is a specialist's time on it, taken as one working
#: day (8 hours, chosen) at the loaded agent hour; plausible 4 to 16 hours.
REGULATOR_COMPLAINT_HOURS = 8
REGULATOR_COMPLAINT_COST = round(REGULATOR_COMPLAINT_HOURS * AGENT_HOUR_COST, 2)

#: Share of the people told who would otherwise have become customers within a year: the
#: share shopping for the service in a year (annual churn at the middle of US postpaid
#: carriers' 0.8-1.7 % a month in 2018: 1 - (1 - 0.0125)^12 = 14.0 %) times the share
#: that would choose us (one of the four national US carriers of 2018: 1/4).
ANNUAL_SWITCHING = 1 - (1 - 0.0125) ** 12
IN_MARKET_SHARE = round(ANNUAL_SWITCHING * 0.25, 3)

#: Contact-centre agents leave at about a third a year: ICMI put US contact-centre turnover at
#: 33 % (2017; 29 % in 2016) and SQM Group's 2022/23 call-centre benchmark at 38 % (from 20 %
#: to over 200 % by centre). 35 %, between the two, is used (checked in issue 28's second stop;
#: docs/methodology/formulas.md lists what was and was not found).
AGENT_ATTRITION_RATE = 0.35
#: Replacing one agent, recruiting, training and the months before they are productive: a
#: Gartner report put it at $14,113 for a frontline agent and a US municipality at just over
#: $10,000 (both as Colin Taylor, ApexCX, cites them); the middle of $10,000-15,000, $12,500,
#: is used. No SWPP figure for it was found.
COST_TO_REPLACE_AGENT = 12_500.0
#: Shrinkage: the share of paid hours an agent is not available to customers (leave,
#: training, meetings, breaks): 20-35 % in most centres (a staffing article in Total
#: Retail), 30-35 % (GoTo's glossary), 24 % on average in Knowlagent's 2011 survey (Customer
#: Interaction Solutions, April 2011); 30 % used.
AGENT_SHRINKAGE = 0.30
#: Productive hours of one agent a year: a 2,080-hour year (40 hours x 52 weeks) less the
#: shrinkage.
AGENT_HOURS_PER_YEAR = float(round(2_080 * (1 - AGENT_SHRINKAGE)))

#: Winning one new subscriber: Investopedia's entry on cost per gross addition puts it at
#: about $350-400 a wireless customer across US carriers (undated; consumer guides of 2006
#: said about $350: PhoneDog, MyRatePlan), the era of subsidised phones; carriers' own
#: reports differ (MetroPCS, prepaid: $153 in Q3 2009, $202 in Q3 2012). The middle of
#: $350-400, $375, is used for the default postpaid phone customer.
ACQUISITION_COST = 375.0
#: Months until a departed customer is replaced: a carrier whose base is level wins as
#: many customers a month as it loses, so a departure is replaced within the month it
#: happens, half a month later on average.
MONTHS_TO_REPLACE = 0.5
