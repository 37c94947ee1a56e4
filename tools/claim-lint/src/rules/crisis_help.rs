//! `crisis-help-missing`: a page about suicide or self-harm without a way to get help now.

use crate::text::{PhraseList, Token};
use std::sync::OnceLock;

crate::declare_rule! {
    /// Safe messaging: a page that mentions suicide or self-harm must offer help at once.
    /// The `{{ crisis_help() }}` shortcode (or the `{{<crisis_help/>}}` component), or
    /// `crisis_help = true` under `[extra]` in the front matter, counts; the site renders the
    /// clinic's crisis numbers there.
    ///
    /// Bad: a page saying "People with BPD have high rates of self-harm." with no crisis block
    ///
    /// Good: the same page with `{{ crisis_help() }}` near the top
    CRISIS_HELP_MISSING, id: "crisis-help-missing", category: Safety, severity: Error, page_level: true
}

const SAFETY_TOPICS: &[&str] = &[
    "suicid*",
    "self harm*",
    "self injur*",
    "self-harm*",
    "kill themselves",
    "kill yourself",
    "end their life",
    "end your life",
    "end their lives",
    "hurt themselves",
    "hurting themselves",
    "hurt yourself",
    "hurting yourself",
];

/// True when the words mention suicide or self-harm.
pub fn mentions_safety_topic(tokens: &[Token]) -> bool {
    static LIST: OnceLock<PhraseList> = OnceLock::new();
    LIST.get_or_init(|| PhraseList::new(SAFETY_TOPICS))
        .any_in(tokens)
}

pub struct Rule;

impl super::PageRule for Rule {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&CRISIS_HELP_MISSING]
    }

    fn check(&self, page: &super::PageCtx) -> Vec<super::PageHit> {
        let flag = page.extra().is_some_and(|e| e.crisis_help);
        let block = crate::page::shortcode_names_outside(page.source, page.code)
            .iter()
            .any(|n| n == "crisis_help");
        if !page.mentions_safety || flag || block {
            return Vec::new();
        }
        vec![super::PageHit::at(
            &CRISIS_HELP_MISSING,
            page.title_offset.unwrap_or(page.source.body_offset),
            "this page mentions suicide or self-harm but offers no crisis help",
            "add {{ crisis_help() }} near the top of the page, or set crisis_help = true under [extra]",
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    #[test]
    fn finds_topics() {
        assert!(mentions_safety_topic(&tokenize("high rates of self-harm")));
        assert!(mentions_safety_topic(&tokenize("suicidal behavior")));
        assert!(!mentions_safety_topic(&tokenize("self-image and emotions")));
    }
}
