namespace DailyPapers.Web.Site;

/// <summary>The one stylesheet, served from <c>/site.css</c> (the CSP allows styles from this origin only).</summary>
internal static class SiteCss
{
    public const string Text = """
        :root { color-scheme: light dark; --fg: #1d1d1f; --muted: #5f6368; --bg: #fff; --card: #f6f7f9; --accent: #0b57d0; --warn: #9a6700; --err: #b3261e; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e8eaed; --muted: #9aa0a6; --bg: #121212; --card: #1e1f22; --accent: #8ab4f8; --warn: #f2cc60; --err: #f28b82; } }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "NanumGothic", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif; color: var(--fg); background: var(--bg); word-break: keep-all; overflow-wrap: anywhere; }
        header.top { background: var(--card); border-bottom: 1px solid #8883; }
        nav, main, footer { max-width: 52rem; margin: 0 auto; padding: .5rem 1rem; }
        nav { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; }
        nav .brand { font-weight: 700; }
        form.search { margin-left: auto; display: flex; gap: .25rem; }
        form.search input { width: 12rem; max-width: 50vw; padding: .3rem .5rem; font: inherit; }
        a { color: var(--accent); }
        h1 { font-size: 1.6rem; margin: .75rem 0; }
        h2 { font-size: 1.3rem; }
        h3 { font-size: 1.15rem; margin: 0 0 .5rem; line-height: 1.35; }
        article.paper { background: var(--card); border-radius: .5rem; padding: 1rem; margin: 1rem 0; }
        article.paper img, article.paper video { display: block; max-width: 100%; height: auto; border-radius: .35rem; margin: .5rem 0; }
        .meta { color: var(--muted); margin: .25rem 0; }
        ul.sections { padding-left: 1.2rem; }
        ul.sections li { margin: .35rem 0; }
        .flags { border-left: 4px solid var(--warn); padding: .25rem .75rem; margin: .5rem 0; }
        .flags .error { color: var(--err); }
        .flags .warning { color: var(--warn); }
        .missing { color: var(--err); }
        .langs a, .langs strong { margin-right: .5rem; }
        .pager { display: flex; justify-content: space-between; gap: 1rem; margin: 1rem 0; }
        mark { background: #ffe58f; color: #000; }
        table.calendar { border-collapse: collapse; margin: .5rem 0 1.5rem; }
        table.calendar td, table.calendar th { width: 2.4rem; height: 2rem; text-align: center; }
        table.calendar td.has a { font-weight: 700; }
        footer { color: var(--muted); font-size: .9rem; border-top: 1px solid #8883; margin-top: 2rem; }
        """;
}
