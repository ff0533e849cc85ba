//! Days: the only precision of time gundo keeps, on the server and on the
//! reviewer's laptop alike. A day is UTC and written `YYYY-MM-DD`, so that
//! text order is date order.

/// Today in UTC, `YYYY-MM-DD`.
pub fn today() -> String {
    day_string(today_date())
}

/// Today in UTC.
pub fn today_date() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// A date as gundo writes it, `YYYY-MM-DD`.
pub fn day_string(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Reads `YYYY-MM-DD`; `None` for anything else.
pub fn parse_day(text: &str) -> Option<time::Date> {
    let ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !ok {
        return None;
    }
    let year = text[..4].parse().ok()?;
    let month = time::Month::try_from(text[5..7].parse::<u8>().ok()?).ok()?;
    let day = text[8..].parse().ok()?;
    time::Date::from_calendar_date(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_nothing_else_parses() {
        let date = time::Date::from_calendar_date(2026, time::Month::December, 2).unwrap();
        assert_eq!(day_string(date), "2026-12-02");
        assert_eq!(parse_day("2026-12-02"), Some(date));
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "2026-1-01",
            "../../etc",
            "",
            "2026-12-02x",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
        assert_eq!(today().len(), 10);
    }
}
