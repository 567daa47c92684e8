extension Assets {
    /// The workspace's one stylesheet: readable on a 360 px phone and a desktop alike, visible
    /// keyboard focus, no web fonts (nothing is fetched from elsewhere).
    static let stylesheet = """
        :root { --ink: #1d2330; --muted: #5c6577; --line: #d9dde5; --paper: #ffffff; --ground: #f3f5f8;
          --accent: #1f6feb; --accent-ink: #ffffff; --bad: #b42318; --bad-ground: #fdecea; --good: #11633d; --good-ground: #e6f4ea; }
        * { box-sizing: border-box; }
        html { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: var(--ground); }
        body { margin: 0; }
        a { color: var(--accent); }
        :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
        .skip { position: absolute; left: -9999px; }
        .skip:focus { left: 8px; top: 8px; background: var(--paper); padding: 4px 8px; z-index: 10; }
        .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 8px 16px; background: var(--ink); color: #fff; }
        .bar a { color: #fff; text-decoration: none; }
        .bar .brand { font-weight: 700; letter-spacing: .02em; }
        .bar nav { flex: 1; }
        .bar nav a { padding: 4px 0; border-bottom: 2px solid transparent; }
        .page-exchange .bar nav a[href="/exchange"] { border-bottom-color: #fff; }
        .logout { display: flex; align-items: center; gap: 8px; margin: 0; }
        .logout .who { color: #c9d1e0; font-size: .9rem; }
        .logout button { background: transparent; color: #fff; border: 1px solid #8792a8; border-radius: 6px; padding: 4px 10px; font: inherit; font-size: .9rem; cursor: pointer; }
        main { max-width: 960px; margin: 0 auto; padding: 16px; }
        h1 { font-size: 1.5rem; margin: 8px 0 12px; display: flex; align-items: center; gap: 10px; }
        .count { display: inline-block; min-width: 2em; text-align: center; font-size: 1rem; background: var(--accent); color: var(--accent-ink); border-radius: 999px; padding: 2px 10px; }
        .notify { margin: 0 0 12px; }
        .notify button { background: transparent; color: var(--accent); border: 1px solid var(--accent); border-radius: 8px; padding: 6px 12px; font: inherit; cursor: pointer; }
        .status { margin: 0 0 12px; font-size: .85rem; color: var(--muted); }
        .status.offline { color: var(--bad); }
        .notice, .error { padding: 10px 12px; border-radius: 8px; margin: 0 0 12px; }
        .notice { background: var(--good-ground); color: var(--good); }
        .error { background: var(--bad-ground); color: var(--bad); }
        [hidden] { display: none !important; }
        .leads { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
        .lead { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px;
          display: grid; grid-template-columns: 1fr auto; grid-template-areas: "meta take" "title take" "contact take" "preview preview" "refusal refusal"; gap: 2px 12px; }
        .lead .meta { grid-area: meta; font-size: .85rem; color: var(--muted); }
        .lead .title { grid-area: title; font-size: 1.05rem; margin: 0; overflow-wrap: anywhere; }
        .lead .contact { grid-area: contact; margin: 0; font-weight: 600; overflow-wrap: anywhere; }
        .lead .preview { grid-area: preview; margin: 6px 0 0; color: var(--muted); font-size: .92rem; overflow-wrap: anywhere; }
        .lead .take { grid-area: take; align-self: center; margin: 0; }
        .lead .refusal { grid-area: refusal; margin: 6px 0 0; color: var(--bad); }
        .take button, .login button { background: var(--accent); color: var(--accent-ink); border: 0; border-radius: 8px; padding: 10px 18px; font: inherit; font-weight: 600; cursor: pointer; min-height: 44px; }
        .take button:disabled { opacity: .6; cursor: progress; }
        .empty { color: var(--muted); padding: 24px 0; text-align: center; }
        .login { max-width: 360px; margin: 48px auto; background: var(--paper); border: 1px solid var(--line); border-radius: 12px; padding: 20px; }
        .login form { display: grid; gap: 12px; }
        .login label { display: grid; gap: 4px; font-weight: 600; }
        .login input { font: inherit; padding: 10px; border: 1px solid var(--line); border-radius: 8px; width: 100%; }
        .bar nav { display: flex; gap: 16px; }
        .bar nav a { white-space: nowrap; }
        .page-deals .bar nav a[href="/deals"], .page-deal .bar nav a[href="/deals"] { border-bottom-color: #fff; }
        h2.stage { font-size: 1.1rem; margin: 20px 0 8px; }
        .norm { font-weight: 400; color: var(--muted); font-size: .85rem; }
        .deal .title a { color: inherit; }
        .lead.over { border-left: 4px solid #d97706; }
        .lead.overdue, .reminder.overdue, .history .overdue, li.overdue { color: var(--bad); }
        .reminder { grid-area: preview; margin: 6px 0 0; font-size: .92rem; }
        .card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; margin: 0 0 12px; }
        .card h2 { font-size: 1rem; margin: 0 0 8px; }
        .links { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 8px 16px; }
        .text { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; margin: 0; }
        .actions form { margin: 0 0 10px; }
        .actions .note { display: grid; gap: 6px; }
        .actions textarea, .actions select { font: inherit; padding: 8px; border: 1px solid var(--line); border-radius: 8px; width: 100%; }
        .inline { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
        .inline select { width: auto; flex: 1; min-width: 10em; }
        .actions button { background: var(--accent); color: var(--accent-ink); border: 0; border-radius: 8px; padding: 10px 16px; font: inherit; font-weight: 600; min-height: 44px; cursor: pointer; }
        .actions button.secondary { background: transparent; color: var(--accent); border: 1px solid var(--accent); }
        .actions .remind, .actions .refuse { display: grid; gap: 6px; }
        .actions input { font: inherit; padding: 8px; border: 1px solid var(--line); border-radius: 8px; width: 100%; }
        .actions .inline input { width: auto; flex: 1; min-width: 12em; }
        .history { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
        .history time { color: var(--muted); font-size: .85rem; }
        .history .note { white-space: pre-wrap; overflow-wrap: anywhere; }
        .back { margin: 0 0 4px; }
        .search { margin: 0 0 12px; }
        .search input { font: inherit; padding: 10px; border: 1px solid var(--line); border-radius: 8px; flex: 1; min-width: 12em; }
        .search button { background: var(--accent); color: var(--accent-ink); border: 0; border-radius: 8px; padding: 10px 18px; font: inherit; font-weight: 600; min-height: 44px; cursor: pointer; }
        .contact-match { display: block; }
        .contact-leads { margin: 6px 0 0; padding-left: 18px; color: var(--muted); }
        .new-lead { max-width: 560px; }
        .new-lead-form { display: grid; gap: 12px; }
        .new-lead-form label { display: grid; gap: 4px; font-weight: 600; }
        .new-lead-form label.check { display: flex; gap: 8px; align-items: center; font-weight: 400; }
        .new-lead-form input, .new-lead-form textarea { font: inherit; padding: 10px; border: 1px solid var(--line); border-radius: 8px; width: 100%; }
        .new-lead-form input[type=checkbox] { width: auto; }
        .new-lead-form [aria-invalid=true] { border-color: var(--bad); }
        .new-lead-form button { background: var(--accent); color: var(--accent-ink); border: 0; border-radius: 8px; padding: 10px 18px; font: inherit; font-weight: 600; min-height: 44px; cursor: pointer; justify-self: start; }
        .bar nav a[aria-current=page] { border-bottom-color: #fff; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 8px 0; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; overflow-wrap: anywhere; }
        .refusal-review .title { font-size: 1.05rem; margin: 4px 0; }
        .refusal-review .script { margin: 8px 0; }
        .refusal-review .script pre { background: var(--ground, #f4f6fa); border-radius: 8px; padding: 10px; }
        .review { display: grid; gap: 8px; }
        .review textarea, .review select { font: inherit; padding: 8px; border: 1px solid var(--line); border-radius: 8px; width: 100%; }
        .review button, .period button { background: var(--accent); color: var(--accent-ink); border: 0; border-radius: 8px; padding: 10px 16px; font: inherit; font-weight: 600; min-height: 44px; cursor: pointer; }
        .review button.secondary { background: transparent; color: var(--accent); border: 1px solid var(--accent); }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 0 0 16px; }
        .figure { display: grid; background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; color: inherit; text-decoration: none; }
        .figure .value { font-size: 1.8rem; font-weight: 700; }
        .figure .label { color: var(--muted); font-size: .9rem; }
        .figure .sub { font-size: .85rem; }
        .figure.alarm { border-color: var(--bad); }
        .figure.alarm .value { color: var(--bad); }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; background: var(--paper); font-size: .92rem; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
        thead th { color: var(--muted); font-weight: 600; white-space: normal; vertical-align: bottom; }
        .head-now .table-wrap { margin: 0 0 16px; }
        .page-reports main { max-width: 1200px; }
        tbody th { white-space: normal; }
        tr.full td:nth-child(2) { color: var(--bad); font-weight: 600; }
        .period { margin: 0 0 12px; }
        .period input { font: inherit; padding: 8px; border: 1px solid var(--line); border-radius: 8px; }
        .chart { display: block; width: 100%; max-width: 420px; height: auto; margin: 8px 0 12px; }
        .chart-bar { fill: var(--accent); }
        .chart-label { font-size: 12px; fill: currentColor; }
        .chart-value { font-size: 11px; fill: var(--muted); }
        .tabs { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 0 0 12px; border-bottom: 1px solid var(--line); }
        .tabs a { padding: 6px 0; text-decoration: none; border-bottom: 2px solid transparent; white-space: nowrap; }
        .tabs a[aria-current=page] { color: var(--ink); border-bottom-color: var(--accent); font-weight: 600; }
        .admin .table { overflow-x: auto; }
        .admin table { border-collapse: collapse; width: 100%; font-size: .92rem; }
        .admin th, .admin td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
        .admin th { color: var(--muted); font-weight: 600; white-space: nowrap; }
        .admin tr.bad td, .admin .bad { color: var(--bad); }
        .admin tr.rejected td { color: var(--bad); }
        .admin .detail { overflow-wrap: anywhere; font-size: .85rem; }
        .admin .muted, .muted { color: var(--muted); }
        .admin form { margin: 0; }
        .admin .upload { display: grid; gap: 8px; }
        .admin .upload p { margin: 0; }
        .admin .upload label { font-weight: 600; }
        .admin .inline form { margin: 0; }
        .admin button { background: var(--accent); color: var(--accent-ink); border: 0; border-radius: 8px; padding: 10px 16px; font: inherit; font-weight: 600; min-height: 44px; cursor: pointer; justify-self: start; }
        .admin button.secondary { background: transparent; color: var(--accent); border: 1px solid var(--accent); }
        .admin button:disabled { opacity: .6; cursor: progress; }
        .admin .confirm { margin-top: 12px; }
        @media (max-width: 480px) {
          .bar nav { overflow-x: auto; }
          .admin table, .admin tbody, .admin tr, .admin td { display: block; width: 100%; }
          .admin thead { display: none; }
          .admin tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
          .admin td { border: 0; padding: 2px 0 2px 9.5em; position: relative; min-height: 1.6em; box-sizing: border-box; overflow-wrap: anywhere; white-space: normal; }
          .admin td::before { content: attr(data-label); position: absolute; left: 0; width: 10.9em; color: var(--muted); font-size: .85rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
          .facts { grid-template-columns: 1fr; gap: 0; }
          .facts dd { margin-bottom: 6px; }
          main { padding: 10px; }
          .bar { flex-wrap: nowrap; }
          .logout .who, .bar .wide, .bar .wide-only { display: none; }
          .bar { gap: 8px 10px; padding: 8px 10px; }
          .bar nav { gap: 10px; min-width: 0; }
          .logout button { padding: 4px 8px; }
          .lead { grid-template-columns: 1fr; grid-template-areas: "meta" "title" "contact" "preview" "take" "refusal"; }
          .lead .take button { width: 100%; margin-top: 8px; }
          /* QA, the head and admins have more entries than fit beside the logo: a row of their own. */
          .bar:has(.refusals-nav, .now-nav, .admin-nav) { flex-wrap: wrap; }
          .bar:has(.refusals-nav, .now-nav, .admin-nav) nav { order: 3; flex: 1 1 100%; flex-wrap: wrap; gap: 2px 14px; overflow-x: visible; }
          .bar:has(.refusals-nav, .now-nav, .admin-nav) .logout { margin-left: auto; }
          /* Wide tables of people read as one block per row, each value under its column's name. */
          table.stack, table.stack tbody, table.stack tr, table.stack th, table.stack td { display: block; width: 100%; }
          table.stack thead { display: none; }
          table.stack tr { border-bottom: 1px solid var(--line); padding: 6px 8px; }
          table.stack th, table.stack td { border: 0; padding: 2px 0; white-space: normal; }
          table.stack td { display: flex; align-items: center; gap: 6px; }
          table.stack td::before { content: attr(data-label); flex: 0 0 10.5em; color: var(--muted); font-size: .85rem; }
          .review .inline select { flex: 1 1 100%; }
        }
        """
}
