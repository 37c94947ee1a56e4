//! `unknown-claim`: a marker cites an id that is missing, a draft, or withdrawn.

use super::{Hit, SentenceCtx};
use crate::claims::Status;

crate::declare_rule! {
    /// A claim marker cites an id that is not in the claims file, or cites a claim whose
    /// `status` is `draft` or `withdrawn`. Only approved claims can support a sentence.
    ///
    /// Bad: `The amygdala is smaller in people with BPD.{{ claim(id="amygdala-size") }}`
    /// (no claim has that id)
    ///
    /// Good: `On average, the amygdala is slightly smaller in people with BPD.{{ claim(id="amygdala-volume") }}`
    UNKNOWN_CLAIM, id: "unknown-claim", category: Unsupported, severity: Error
}

crate::sentence_rule!(Rule, UNKNOWN_CLAIM, [(Body, Nothing), (Glossary, Nothing)]);

/// Markers that follow no sentence (a marker at the start of a paragraph, or alone): they
/// support nothing, so they are reported under this rule too.
pub struct OrphanMarkers;

impl super::PageRule for OrphanMarkers {
    fn metas(&self) -> &'static [&'static super::RuleMeta] {
        &[&UNKNOWN_CLAIM]
    }

    fn check(&self, page: &super::PageCtx) -> Vec<super::PageHit> {
        let mut hits = Vec::new();
        for s in page.sentences.iter().filter(|s| s.is_orphan_markers()) {
            for m in &s.markers {
                hits.push(super::PageHit {
                    range: m.offset..m.offset + m.len.max(1),
                    claims: vec![m.id.clone()],
                    block_offset: Some(s.block_offset),
                    ..super::PageHit::at(
                        &UNKNOWN_CLAIM,
                        0,
                        format!(
                            "the marker for `{}` follows no sentence, so it supports nothing",
                            m.id
                        ),
                        "put the marker right after the full stop of the sentence it supports",
                    )
                });
            }
        }
        hits
    }
}

pub fn check(ctx: &SentenceCtx) -> Vec<Hit> {
    ctx.unresolved
        .iter()
        .map(|(id, status)| {
            let (message, suggestion) = match status {
                None if id.is_empty() => (
                    "claim marker has no id".to_string(),
                    "write the marker as {{ claim(id=\"claim-id\") }}".to_string(),
                ),
                None => (
                    format!("cites `{id}`, which is not in the claims file"),
                    "use the id of an approved claim in claims.yaml, or add and approve the claim first".to_string(),
                ),
                Some(Status::Draft) => (
                    format!("cites `{id}`, which is still a draft"),
                    "get the claim approved (status: approved) before citing it".to_string(),
                ),
                Some(_) => (
                    format!("cites `{id}`, which has been withdrawn"),
                    "remove the sentence or cite a current claim".to_string(),
                ),
            };
            Hit::new(&UNKNOWN_CLAIM, ctx.whole(), message).suggest(suggestion)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{Certainty, ClaimKind};
    use crate::rules::test_support::*;
    use crate::rules::{Role, SentenceCtx};

    #[test]
    fn unknown_and_withdrawn_ids_fire() {
        let mut gone = claim(
            "gone",
            "Some studies suggest x.",
            Certainty::Low,
            ClaimKind::Fact,
        );
        gone.status = Status::Withdrawn;
        let ctx = SentenceCtx::new(
            "A fact.",
            Role::Body { heading: false },
            vec!["missing".into(), "gone".into()],
            |id| (id == "gone").then_some(&gone),
            lex(),
        );
        let hits = check(&ctx);
        assert_eq!(hits.len(), 2);
        assert!(hits[0].message.contains("not in the claims file"));
        assert!(hits[1].message.contains("withdrawn"));
    }

    #[test]
    fn approved_claim_is_fine() {
        let c = claim("ok", "A fact.", Certainty::High, ClaimKind::Fact);
        assert!(fired("A fact.", &[&c], check).is_empty());
    }
}
