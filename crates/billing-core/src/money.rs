//! Exact money: a decimal amount and, where the vendor says which, an ISO 4217
//! currency. No `f64` anywhere: amounts are parsed from the JSON number's text
//! or the vendor's decimal string.
//!
//! ## The currency rule
//! A currency is never invented. When the vendor sends a code, it is used
//! (case-insensitively; a code that is not ISO 4217 is a malformed record).
//! When the vendor sends none or `null`, [`Money::currency`] is `None`, even if
//! every other record has one. The only exception is a vendor whose own
//! documentation fixes the currency for a field (the profile-payments vendor's
//! `amount_due_usd`, "USD always"): there the documented currency is used when
//! the record carries none. Amounts in minor units (Autoposting) need the
//! currency's ISO 4217 exponent to scale, so there a missing or unknown
//! currency is a malformed record.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// An ISO 4217 currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(iso_currency::Currency);

impl Currency {
    /// The currency for `code`, case-insensitively (`usd` → USD); `None` if not
    /// ISO 4217, or a code ISO 4217 gives no minor unit because it is not money
    /// a payment is made in: `XXX` ("no currency"), `XTS` (testing), metals
    /// (`XAU`) and accounting units (`XDR`, `XBA`). A payment in one of them
    /// cannot be placed in a ledger, so its record is reported, not guessed at.
    /// Upper-cases on the stack: every ISO 4217 code is three ASCII letters.
    pub fn from_code(code: &str) -> Option<Self> {
        let code: [u8; 3] = code.trim().as_bytes().try_into().ok()?;
        let upper = code.map(|b| b.to_ascii_uppercase());
        iso_currency::Currency::from_code(std::str::from_utf8(&upper).ok()?)
            .filter(|c| c.exponent().is_some())
            .map(Self)
    }

    /// The upper-case ISO 4217 code.
    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Digits after the decimal point in the currency's minor unit (USD 2, JPY 0,
    /// KWD 3).
    pub fn minor_digits(self) -> u32 {
        self.0.exponent().map_or(0, u32::from)
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An exact amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Money {
    /// The amount in major units (49.00 dollars, 500 yen); negative stays negative.
    pub amount: Decimal,
    /// The currency, when the vendor said which (see the module docs).
    pub currency: Option<Currency>,
}

/// Why an amount could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text is not a decimal number, or has more digits than 28.
    #[error("amount {0:?} is not a decimal number of at most 28 significant digits")]
    NotADecimal(String),
    /// The currency code is not ISO 4217.
    #[error("currency {0:?} is not an ISO 4217 code")]
    UnknownCurrency(String),
    /// A minor-unit amount came without a currency to scale it by.
    #[error("an amount in minor units needs a currency to scale it, and none was given")]
    MissingCurrency,
}

/// Parse a decimal from its exact text: `25.10`, `-0.30`, `1e-7`, `"49.00"`.
pub fn parse_decimal(text: &str) -> Result<Decimal, MoneyError> {
    let text = text.trim();
    let parsed = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str_exact(text)
    };
    parsed.map_err(|_| MoneyError::NotADecimal(text.to_owned()))
}

/// The currency for an optional vendor code: `None` stays `None`, an unknown code is an error.
pub fn currency(code: Option<&str>) -> Result<Option<Currency>, MoneyError> {
    match code.map(str::trim) {
        None | Some("") => Ok(None),
        Some(code) => Currency::from_code(code)
            .map(Some)
            .ok_or_else(|| MoneyError::UnknownCurrency(code.to_owned())),
    }
}

impl Money {
    /// Money from a major-unit decimal text (`"49.00"`, `25.10`).
    pub fn from_major(text: &str, currency: Option<Currency>) -> Result<Self, MoneyError> {
        Ok(Self {
            amount: parse_decimal(text)?,
            currency,
        })
    }

    /// Money from an integer count of minor units, scaled by the currency's
    /// ISO 4217 exponent (4900 USD cents → 49.00; 500 JPY → 500; 1234 KWD fils → 1.234).
    pub fn from_minor(units: i64, currency: Currency) -> Self {
        let mut amount = Decimal::from(units);
        amount
            .set_scale(currency.minor_digits())
            .expect("ISO 4217 exponents are at most 4");
        Self {
            amount,
            currency: Some(currency),
        }
    }

    /// The amount written with the currency's minor digits (`49.00`, `-25.00`,
    /// `500` for JPY); with no currency, exactly as held.
    pub fn amount_text(&self) -> String {
        match self.currency {
            Some(c) => {
                let digits = c.minor_digits();
                if self.amount.scale() <= digits {
                    let mut a = self.amount;
                    a.rescale(digits);
                    a.to_string()
                } else {
                    // Never round money away: more digits than the minor unit are kept.
                    self.amount.normalize().to_string()
                }
            }
            None => self.amount.to_string(),
        }
    }
}

impl FromStr for Currency {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::from_code(s).ok_or_else(|| MoneyError::UnknownCurrency(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
    }

    #[test]
    fn minor_units_scale_by_the_iso_exponent_not_by_100() {
        assert_eq!(Money::from_minor(4900, c("usd")).amount_text(), "49.00");
        assert_eq!(Money::from_minor(500, c("JPY")).amount_text(), "500");
        assert_eq!(Money::from_minor(1234, c("KWD")).amount_text(), "1.234");
        assert_eq!(Money::from_minor(-2500, c("EUR")).amount_text(), "-25.00");
    }

    #[test]
    fn codes_that_are_not_money_are_not_currencies() {
        for code in ["XXX", "xts", "XAU", "XDR"] {
            assert_eq!(Currency::from_code(code), None, "{code}");
        }
        assert!(matches!(
            currency(Some("XXX")),
            Err(MoneyError::UnknownCurrency(_))
        ));
        assert_eq!(currency(Some("usd")).unwrap(), Some(c("USD")));
    }

    #[test]
    fn decimal_text_is_exact() {
        assert_eq!(parse_decimal("25.10").unwrap().to_string(), "25.10");
        assert_eq!(
            parse_decimal("12345678901234567890.12")
                .unwrap()
                .to_string(),
            "12345678901234567890.12"
        );
        assert_eq!(
            parse_decimal("0.1").unwrap() + parse_decimal("0.2").unwrap(),
            parse_decimal("0.3").unwrap()
        );
        assert_eq!(parse_decimal("1e-7").unwrap().to_string(), "0.0000001");
        assert!(matches!(
            parse_decimal("abc"),
            Err(MoneyError::NotADecimal(_))
        ));
        assert!(matches!(
            parse_decimal("1234567890123456789012345678901234567890"),
            Err(MoneyError::NotADecimal(_))
        ));
    }

    #[test]
    fn amount_text_pads_to_minor_digits_and_never_rounds() {
        let m = Money::from_major("49", Some(c("USD"))).unwrap();
        assert_eq!(m.amount_text(), "49.00");
        let m = Money::from_major("0.125", Some(c("USD"))).unwrap();
        assert_eq!(m.amount_text(), "0.125");
        let m = Money::from_major("7.5", None).unwrap();
        assert_eq!(m.amount_text(), "7.5");
    }

    #[test]
    fn currencies_are_never_invented() {
        assert_eq!(currency(None).unwrap(), None);
        assert_eq!(currency(Some("")).unwrap(), None);
        assert_eq!(currency(Some("inr")).unwrap(), Some(c("INR")));
        assert_eq!(
            currency(Some("XYZ")),
            Err(MoneyError::UnknownCurrency("XYZ".into()))
        );
    }

    #[test]
    fn codes_match_case_insensitively_and_only_whole() {
        for code in ["usd", "USD", "Usd", " usd ", "uSd\n"] {
            assert_eq!(Currency::from_code(code), Some(c("USD")), "{code:?}");
        }
        assert_eq!(
            Currency::from_code("kwd").map(Currency::minor_digits),
            Some(3)
        );
        for code in ["", "us", "usdd", "u sd", "€", "ÜSD", "us$", "123"] {
            assert_eq!(Currency::from_code(code), None, "{code:?}");
        }
    }
}
