"""The content renderer: Markdown in, HTML that runs nothing out."""

from __future__ import annotations

import pytest

from portal.catalogue.markdown import is_safe_link, render


def test_paragraphs_lists_and_emphasis_are_rendered():
    assert render("Egy *kettő*.\n\n- a\n- b\n") == (
        "<p>Egy <em>kettő</em>.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
    )


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        (
            '<a href="javascript:x()">a</a>',
            "<p>&lt;a href=&quot;javascript:x()&quot;&gt;a&lt;/a&gt;</p>\n",
        ),
        ("<div onclick=x()>\nhi\n</div>", "<p>&lt;div onclick=x()&gt;\nhi\n&lt;/div&gt;</p>\n"),
        # Images are off: the page loads nothing; what is left is a plain link.
        ("![x](https://example.org/x.png)", '<p>!<a href="https://example.org/x.png">x</a></p>\n'),
    ],
)
def test_raw_html_comes_out_as_text_and_images_are_not_loaded(markdown, html):
    assert render(markdown) == html


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
    ],
)
def test_links_to_other_schemes_keep_no_target(target):
    html = render(f"[x]({target}) <{target}>")
    assert "href" not in html


@pytest.mark.parametrize(
    ("target", "href"),
    [
        ("https://1818.hu/", "https://1818.hu/"),
        ("http://example.org/a?b=c", "http://example.org/a?b=c"),
        ("mailto:1818@1818.hu", "mailto:1818@1818.hu"),
        ("tel:+3615501858", "tel:+3615501858"),
        ("/services/vehicles.data_lookup/", "/services/vehicles.data_lookup/"),
        ("#who", "#who"),
    ],
)
def test_links_to_the_web_mail_phone_and_the_portal_are_kept(target, href):
    assert render(f"[x]({target})") == f'<p><a href="{href}">x</a></p>\n'


def test_is_safe_link():
    assert is_safe_link("relative/path") and is_safe_link("HTTPS://x")
    assert not is_safe_link(" javascript:x") and not is_safe_link("ftp://x")
