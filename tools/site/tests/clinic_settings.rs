//! Credits, the feedback link and the local support list, end to end: `site build` of the
//! fixture site with each setting unset, set, and (for credits) overridden by one page.

mod site_fixture;

use site_fixture::*;
use std::path::Path;

fn html(root: &Path, page: &str) -> String {
    std::fs::read_to_string(root.join("public").join(page)).unwrap()
}

fn append(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    let mut all = std::fs::read_to_string(&path).unwrap();
    all.push_str(text);
    std::fs::write(path, all).unwrap();
}

/// Replaces `from` with `to` in a file of the fixture, which must contain it.
fn edit(root: &Path, relative: &str, from: &str, to: &str) {
    let path = root.join(relative);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{relative} has no `{from}`");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn build_ok(root: &Path) {
    let out = site_build(root, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The text of the "Who made this page" section of a built page.
fn credits_of(page: &str) -> &str {
    let start = page
        .find("class=\"credits\"")
        .expect("every page has credits");
    let end = page[start..].find("</section>").unwrap() + start;
    &page[start..end]
}

/// Every `href="…"` value in `html`, with the entities minijinja writes decoded (`/` is
/// written `&#x2f;`).
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&#x2f;", "/").replace("&amp;", "&"))
        .collect()
}

/// RFC 3986 percent-decoding, for checking what a mail program would read.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

const CREDITS: &str = "\n[extra.credits]\nwriters = [\"Sam Lee, health writer\"]\neditors = []\nlived_experience = [\"Jo Smith, peer support worker\", \"Ray Kim, carer\"]\n";

#[test]
fn unset_credits_say_so_and_name_no_one() {
    let site = fixture_site("credits-unset", &[]);
    build_ok(site.path());
    for page in ["therapy/index.html", "index.html", "sources/index.html"] {
        let credits = credits_of(&html(site.path(), page)).to_string();
        assert!(
            credits.contains("Test Clinic has not yet named the writers and editors of these pages. It has also not yet named anyone with lived experience of borderline personality disorder (BPD) who reviewed them."),
            "{page}: {credits}"
        );
        assert!(!credits.contains("Written by"), "{page}: {credits}");
    }
}

#[test]
fn set_credits_are_shown_apart_from_the_clinical_sign_off() {
    let site = fixture_site("credits-set", &[]);
    append(site.path(), "config.toml", CREDITS);
    build_ok(site.path());
    let page = html(site.path(), "therapy/index.html");
    let credits = credits_of(&page);
    assert!(credits.contains("<dt>Written by</dt><dd>Sam Lee, health writer</dd>"));
    assert!(credits.contains("<dt>Edited by</dt><dd>not named yet</dd>"));
    assert!(credits.contains(
        "<dt>Lived-experience reviewers</dt><dd>Jo Smith, peer support worker; Ray Kim, carer</dd>"
    ));
    assert!(!credits.contains("has not yet named"));
    // No dates in credits, and the page is still not signed off by a clinician.
    assert!(!credits.contains("<time"));
    assert!(page.contains("A clinician has not checked this page yet"));
    assert!(!page.contains("Reviewed by Sam"));
    let sign_off = page.find("notice--pending").unwrap();
    assert!(
        sign_off < page.find("class=\"credits\"").unwrap(),
        "the sign-off notice is at the top, the credits at the end"
    );
}

#[test]
fn a_page_can_replace_a_role_and_keep_the_others() {
    let site = fixture_site("credits-page", &[]);
    append(site.path(), "config.toml", CREDITS);
    edit(
        site.path(),
        "content/therapy.md",
        "reviewed_by = \"pending clinical review\"\n",
        "reviewed_by = \"pending clinical review\"\n[extra.credits]\nwriters = [\"Dr Priya Shah, clinical psychologist\"]\nlived_experience = []\n",
    );
    build_ok(site.path());
    let therapy = html(site.path(), "therapy/index.html");
    let credits = credits_of(&therapy);
    assert!(credits.contains("<dd>Dr Priya Shah, clinical psychologist</dd>"));
    assert!(!credits.contains("Sam Lee"));
    assert!(credits.contains("<dt>Lived-experience reviewers</dt><dd>not named yet</dd>"));
    let help = html(site.path(), "get-help-now/index.html");
    assert!(credits_of(&help).contains("<dd>Sam Lee, health writer</dd>"));
}

#[test]
fn the_feedback_email_names_the_page_in_an_encoded_subject() {
    let site = fixture_site("feedback-email", &[]);
    append(
        site.path(),
        "config.toml",
        "\n[extra.feedback]\nemail = \"tell.us@test.example.org\"\n",
    );
    edit(
        site.path(),
        "content/therapy.md",
        "title = \"Talking therapy\"",
        "title = \"Talking therapy? Ask & “learn” 50%\"",
    );
    build_ok(site.path());
    let page = html(site.path(), "therapy/index.html");
    let expected = "mailto:tell.us@test.example.org?subject=Feedback%3A%20Talking%20therapy%3F%20Ask%20%26%20%E2%80%9Clearn%E2%80%9D%2050%25%20%28%2Ftherapy%2F%29";
    assert!(
        hrefs(&page).iter().any(|h| h == expected),
        "{:?}",
        hrefs(&page)
    );
    let subject = expected.split_once("subject=").unwrap().1;
    assert_eq!(
        percent_decode(subject),
        "Feedback: Talking therapy? Ask & “learn” 50% (/therapy/)"
    );
    assert!(page.contains("Was this page useful?"));
    // Every page has it, the 404 page too.
    for other in ["index.html", "get-help-now/index.html", "404.html"] {
        assert!(
            html(site.path(), other)
                .contains("mailto:tell.us@test.example.org?subject=Feedback%3A"),
            "{other}"
        );
    }
}

#[test]
fn without_feedback_settings_the_clinic_email_is_used_or_plain_words() {
    let site = fixture_site("feedback-fallback", &[]);
    build_ok(site.path());
    let page = html(site.path(), "therapy/index.html");
    assert!(
        page.contains("Tell us by contacting Test Clinic."),
        "no contacts at all"
    );
    assert!(!page.contains("mailto:"));
    edit(
        site.path(),
        "config.toml",
        "logo = \"\"\n",
        "logo = \"\"\n[[extra.clinic.contact]]\nlabel = \"Phone\"\ntext = \"000\"\nhref = \"tel:000\"\n[[extra.clinic.contact]]\nlabel = \"Email\"\ntext = \"info@test.example.org\"\nhref = \"mailto:info@test.example.org\"\n",
    );
    build_ok(site.path());
    let page = html(site.path(), "therapy/index.html");
    assert!(hrefs(&page).contains(
        &"mailto:info@test.example.org?subject=Feedback%3A%20Talking%20therapy%20%28%2Ftherapy%2F%29"
            .to_string()
    ));
    assert!(page.contains(
        "through any of the ways to contact Test Clinic listed at the end of this page."
    ));
}

#[test]
fn a_feedback_form_on_the_site_gets_the_page_and_a_missing_one_is_an_error() {
    let site = fixture_site("feedback-form", &[]);
    append(
        site.path(),
        "config.toml",
        "\n[extra.feedback]\nform = \"@/get-help-now.md\"\n",
    );
    build_ok(site.path());
    let page = html(site.path(), "therapy/index.html");
    assert!(hrefs(&page)
        .contains(&"https://test.example.org/get-help-now/?page=%2Ftherapy%2F".to_string()));
    assert!(page.contains("our feedback form</a>."));
    edit(
        site.path(),
        "config.toml",
        "@/get-help-now.md",
        "@/feedback.md",
    );
    let out = site_build(site.path(), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("config.toml:33:"), "{err}");
    assert!(err.contains("there is no content/feedback.md"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

const SUPPORT_PAGE: &str = "You can ask your care team about it.\n\n{{ local_support() }}\n";

#[test]
fn no_support_services_says_so_and_points_to_the_clinic() {
    let site = fixture_site("support-empty", &[]);
    append(site.path(), "content/therapy.md", SUPPORT_PAGE);
    edit(
        site.path(),
        "config.toml",
        "logo = \"\"\n",
        "logo = \"\"\n[[extra.clinic.contact]]\nlabel = \"Phone\"\ntext = \"000 111\"\nhref = \"tel:000111\"\n",
    );
    build_ok(site.path());
    let page = html(site.path(), "therapy/index.html");
    assert!(page.contains("<h2 class=\"support__title\" id=\"local-support\">Local support and family programmes</h2>"));
    assert!(page.contains("Test Clinic has not listed local support services or family programmes here yet. To ask what is available near you, contact Test Clinic:"));
    assert!(page.contains("<li>Phone: <a href=\"tel:000111\">000 111</a></li>"));
    assert!(!page.contains("support__service"));
}

#[test]
fn a_second_support_list_on_a_page_points_back_to_the_first() {
    let site = fixture_site("support-twice", &[]);
    append(
        site.path(),
        "content/therapy.md",
        &format!("{SUPPORT_PAGE}\nMore.\n\n{{{{ local_support() }}}}\n"),
    );
    build_ok(site.path());
    let page = html(site.path(), "therapy/index.html");
    assert_eq!(page.matches("<section class=\"support\"").count(), 1);
    assert!(page.contains("See <a href=\"#local-support\">local support and family programmes</a>, earlier on this page."));
}

#[test]
fn listed_support_services_show_what_they_offer_who_for_and_how_to_reach_them() {
    let site = fixture_site("support-set", &[]);
    append(site.path(), "content/therapy.md", SUPPORT_PAGE);
    append(
        site.path(),
        "config.toml",
        "\n[[extra.support.services]]\nname = \"Riverside Family Connections\"\noffers = \"A free 12-week course.\"\nfor_whom = \"Families and partners\"\nphone = \"020 7946 0001\"\ntel = \"+442079460001\"\nweb = \"https://riverside.example/family\"\n\n[[extra.support.services]]\nname = \"Peer group\"\noffers = \"Weekly meetings.\"\nfor_whom = \"Adults with BPD\"\nemail = \"peers@riverside.example\"\n",
    );
    build_ok(site.path());
    let page = html(site.path(), "therapy/index.html");
    assert!(!page.contains("has not listed"));
    assert!(page.contains("<h3 class=\"support__name\">Riverside Family Connections</h3>"));
    assert!(page.contains("<p>A free 12-week course.</p>"));
    assert!(page.contains("Who it is for:</span> Families and partners"));
    assert!(page.contains("<a href=\"tel:+442079460001\">020 7946 0001</a>"));
    let links = hrefs(&page);
    assert!(links.contains(&"https://riverside.example/family".to_string()));
    assert!(links.contains(&"mailto:peers@riverside.example".to_string()));
    assert!(page.contains("rel=\"noreferrer\""));
    // The second service has no phone: no Phone line for it.
    let peer = &page[page.find("Peer group").unwrap()..];
    assert!(!peer[..peer.find("</li>\n</ul>").unwrap_or(peer.len())].contains("Phone:"));
}

#[test]
fn a_bad_value_names_file_line_and_shape_and_never_panics() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "\n[extra.credits]\nlived_experience = [\"Jo\", 3]\n",
            "config.toml",
            &["config.toml:33:", "[extra.credits]", "expected lists of names"],
        ),
        (
            "\n[extra.credits]\nwriter = [\"Sam\"]\n",
            "config.toml",
            &["config.toml:33:", "unknown field `writer`"],
        ),
        (
            "\n[extra.feedback]\nemail = \"feedback at clinic\"\n",
            "config.toml",
            &["config.toml:33:", "not an e-mail address"],
        ),
        (
            "\n[[extra.support.services]]\nname = \"G\"\noffers = \"O\"\nphone = \"1\"\n",
            "config.toml",
            &["config.toml:", "missing field `for_whom`", "[[extra.support.services]]"],
        ),
        (
            "\n[[extra.support.services]]\nname = \"G\"\noffers = \"O\"\nfor_whom = \"F\"\nweb = \"riverside.example\"\n",
            "config.toml",
            &["config.toml:", "`web` must be a full address"],
        ),
    ];
    for (i, (text, file, expect)) in cases.iter().enumerate() {
        let site = fixture_site(&format!("settings-bad-{i}"), &[]);
        append(site.path(), file, text);
        let out = site_build(site.path(), &[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "case {i}: {err}");
        for e in *expect {
            assert!(err.contains(e), "case {i}: no `{e}` in {err}");
        }
        assert!(!err.contains("panicked"), "case {i}: {err}");
    }
}
