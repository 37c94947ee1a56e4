//! Shortcodes in page bodies, parsed as Zola 0.22 parses them. This is the one parser:
//! the gate reads markers with [`scan`] and the site builder renders with [`extract`], so
//! what one sees as a call the other does too.
//!
//! `{{ name(key=value, …) }}` calls `templates/shortcodes/NAME.html` with the arguments as
//! variables. Values are strings (in `"`, `'` or backticks, no escapes), `true`/`false`,
//! integers, floats, or arrays of those. `{{/* … */}}` writes the call out literally. The
//! component form `{{<name key="value"/>}}` of Zola 0.23 is read the same way, so pages may
//! move to it later; Zola 0.22 itself would print it as text.
//!
//! As in Zola, each call is replaced by a placeholder before Markdown is parsed, and the
//! rendered HTML is put in its place afterwards, so a shortcode's HTML is never re-read as
//! Markdown.

use serde_json::{Map, Value};
use std::ops::Range;

/// What stands in for a shortcode while Markdown is parsed (Zola's own marker).
pub const PLACEHOLDER: &str = "@@ZOLA_SC_PLACEHOLDER@@";

#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeCall {
    pub name: String,
    pub args: Map<String, Value>,
    /// 1-based count of calls of this name so far in the page, Zola's `nth`.
    pub nth: usize,
    /// Where the placeholder sits in the rewritten text.
    pub span: Range<usize>,
    /// 1-based line of the call in the body.
    pub line: usize,
    /// Line breaks inside the call as written, so later positions can be mapped back.
    pub newlines: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortcodeError {
    /// 1-based line in the body.
    pub line: usize,
    pub message: String,
}

/// Replaces every shortcode call with [`PLACEHOLDER`] and returns the calls in order.
pub fn extract(body: &str) -> Result<(String, Vec<ShortcodeCall>), ShortcodeError> {
    let mut out = String::with_capacity(body.len());
    let mut calls: Vec<ShortcodeCall> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // Lines are counted as the scan moves, not from the start each time: a long page with
    // many markers stays linear.
    let mut line = 1;
    let mut counted_to = 0;
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        // Text up to the next `{` cannot start a call: copy it in one go.
        if !rest.starts_with('{') {
            let next = rest.find('{').unwrap_or(rest.len());
            out.push_str(&rest[..next]);
            i += next;
            continue;
        }
        line += body[counted_to..i].matches('\n').count();
        counted_to = i;
        if let Some(end) = ignored_call_end(rest) {
            // `{{/* x */}}` and `{%/* x */%}` print the call without the comment marks.
            let inner = &rest[4..end - 4];
            let (open, close) = if rest.starts_with("{{") {
                ("{{", "}}")
            } else {
                ("{%", "%}")
            };
            out.push_str(open);
            out.push_str(inner);
            out.push_str(close);
            i += end;
            continue;
        }
        if rest.starts_with("{%") && parse_call(rest, "{%", "%}").is_some() {
            return Err(ShortcodeError {
                line,
                message: "shortcodes with a body ({% name() %}…{% end %}) are not supported; expected {{ name(key=\"value\") }}".into(),
            });
        }
        match parse_at(rest) {
            Some((len, name, args)) => {
                let nth = {
                    let n = seen.entry(name.clone()).or_default();
                    *n += 1;
                    *n
                };
                let start = out.len();
                out.push_str(PLACEHOLDER);
                calls.push(ShortcodeCall {
                    name,
                    args,
                    nth,
                    span: start..out.len(),
                    line,
                    newlines: rest[..len].matches('\n').count(),
                });
                i += len;
            }
            None => {
                let c = rest.chars().next().expect("non-empty rest");
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    Ok((out, calls))
}

/// A call found where it is written: its name, arguments and byte range in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundCall {
    pub name: String,
    pub args: Map<String, Value>,
    pub range: Range<usize>,
}

/// Every well-formed call in `text`, with its byte range, skipping `{{/* … */}}`. Calls
/// that do not parse are left out (the `shortcode-syntax` rule reports them).
pub fn scan(text: &str) -> Vec<FoundCall> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = text[i..].find('{').map(|k| i + k) {
        let rest = &text[at..];
        if let Some(end) = ignored_call_end(rest) {
            i = at + end;
            continue;
        }
        match parse_at(rest) {
            Some((len, name, args)) => {
                found.push(FoundCall {
                    name,
                    args,
                    range: at..at + len,
                });
                i = at + len;
            }
            None => i = at + 1,
        }
    }
    found
}

/// The call that starts `rest`, in either form: its length, name and arguments.
fn parse_at(rest: &str) -> Option<(usize, String, Map<String, Value>)> {
    if rest.starts_with("{{<") {
        parse_component(rest)
    } else if rest.starts_with("{{") {
        parse_call(rest, "{{", "}}")
    } else {
        None
    }
}

fn ignored_call_end(rest: &str) -> Option<usize> {
    let close = if rest.starts_with("{{/*") {
        "*/}}"
    } else if rest.starts_with("{%/*") {
        "*/%}"
    } else {
        return None;
    };
    rest[4..].find(close).map(|at| 4 + at + close.len())
}

/// A small cursor over the text of one call.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<String> {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        self.pos += len;
        Some(rest[..len].to_string())
    }

    fn literal(&mut self, allow_array: bool) -> Option<Value> {
        let rest = self.rest();
        let first = rest.chars().next()?;
        if matches!(first, '"' | '\'' | '`') {
            let end = rest[1..].find(first)?;
            self.pos += end + 2;
            return Some(Value::String(rest[1..1 + end].to_string()));
        }
        if allow_array && first == '[' {
            self.pos += 1;
            let mut items = Vec::new();
            loop {
                self.skip_ws();
                if self.eat("]") {
                    return Some(Value::Array(items));
                }
                items.push(self.literal(false)?);
                self.skip_ws();
                if !self.eat(",") {
                    self.skip_ws();
                    return self.eat("]").then_some(Value::Array(items));
                }
            }
        }
        for (word, value) in [("true", true), ("false", false)] {
            if rest.starts_with(word)
                && !rest[word.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            {
                self.pos += word.len();
                return Some(Value::Bool(value));
            }
        }
        let len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
            .unwrap_or(rest.len());
        let number = &rest[..len];
        let value = if number.contains('.') {
            serde_json::Number::from_f64(number.parse().ok()?).map(Value::Number)
        } else {
            number.parse::<i64>().ok().map(Value::from)
        }?;
        self.pos += len;
        Some(value)
    }
}

/// `{{ name(a=1, b="x") }}`: (length, name, args), or `None` if this is not a call.
fn parse_call(text: &str, open: &str, close: &str) -> Option<(usize, String, Map<String, Value>)> {
    let mut c = Cursor { text, pos: 0 };
    c.eat(open).then_some(())?;
    c.skip_ws();
    let name = c.ident()?;
    c.skip_ws();
    c.eat("(").then_some(())?;
    let mut args = Map::new();
    loop {
        c.skip_ws();
        if c.eat(")") {
            break;
        }
        let key = c.ident()?;
        c.skip_ws();
        c.eat("=").then_some(())?;
        c.skip_ws();
        let value = c.literal(true)?;
        args.insert(key, value);
        c.skip_ws();
        if !c.eat(",") {
            c.skip_ws();
            c.eat(")").then_some(())?;
            break;
        }
    }
    c.skip_ws();
    c.eat(close).then_some(())?;
    Some((c.pos, name, args))
}

/// `{{<name a="x" b=2/>}}`: Zola 0.23's component form.
fn parse_component(text: &str) -> Option<(usize, String, Map<String, Value>)> {
    let mut c = Cursor { text, pos: 0 };
    c.eat("{{<").then_some(())?;
    c.skip_ws();
    let name = c.ident()?;
    let mut args = Map::new();
    loop {
        c.skip_ws();
        if c.eat("/>}}") {
            return Some((c.pos, name, args));
        }
        let key = c.ident()?;
        c.skip_ws();
        c.eat("=").then_some(())?;
        c.skip_ws();
        let value = c.literal(true)?;
        args.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_become_placeholders_with_args_and_nth() {
        let body = "A.{{ claim(id=\"a\") }} B.{{ claim(id='b', n=2, f=1.5, ok=true, l=[1, \"x\"]) }}\n{{ crisis_help() }}";
        let (text, calls) = extract(body).unwrap();
        assert_eq!(
            text,
            format!("A.{PLACEHOLDER} B.{PLACEHOLDER}\n{PLACEHOLDER}")
        );
        assert_eq!(calls.len(), 3);
        assert_eq!(calls[0].args["id"], "a");
        assert_eq!(calls[1].nth, 2);
        assert_eq!(calls[1].args["n"], 2);
        assert_eq!(calls[1].args["f"], 1.5);
        assert_eq!(calls[1].args["ok"], true);
        assert_eq!(calls[1].args["l"], serde_json::json!([1, "x"]));
        assert_eq!(calls[2].name, "crisis_help");
        assert_eq!(calls[2].nth, 1);
        assert_eq!(calls[2].line, 2);
        assert_eq!(&text[calls[2].span.clone()], PLACEHOLDER);
    }

    #[test]
    fn scan_finds_calls_where_they_are_written() {
        let text = "A.{{ claim(id=\"a\") }} B.{{<claim id='b'/>}} {{/* claim(id=\"c\") */}} {{ claim(id=\"d\"";
        let found = scan(text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].range.clone()], "{{ claim(id=\"a\") }}");
        assert_eq!(found[1].args["id"], "b");
    }

    #[test]
    fn component_form_is_a_call() {
        let (text, calls) = extract("Fact.{{<claim id=\"x\"/>}}").unwrap();
        assert_eq!(text, format!("Fact.{PLACEHOLDER}"));
        assert_eq!(calls[0].name, "claim");
        assert_eq!(calls[0].args["id"], "x");
    }

    #[test]
    fn ignored_calls_are_written_out() {
        let (text, calls) = extract("Write `{{/* claim(id=\"x\") */}}` after it.").unwrap();
        assert_eq!(text, "Write `{{ claim(id=\"x\") }}` after it.");
        assert!(calls.is_empty());
    }

    #[test]
    fn things_that_are_not_calls_stay_text() {
        let body = "{{ not a call }} and {{ x( }} and {{ 9(a=1) }}";
        let (text, calls) = extract(body).unwrap();
        assert_eq!(text, body);
        assert!(calls.is_empty());
    }

    #[test]
    fn calls_may_span_lines() {
        let (_, calls) = extract("x\n{{ claim(\n  id=\"a\",\n) }}").unwrap();
        assert_eq!(calls[0].args["id"], "a");
        assert_eq!(calls[0].line, 2);
    }

    #[test]
    fn body_shortcodes_are_refused_with_a_line() {
        let e = extract("a\n{% quote(by=\"x\") %}\nhi\n{% end %}").unwrap_err();
        assert_eq!(e.line, 2);
    }
}
