// html-validate configuration of the page checks (tests/DailyPapers.Web.Tests/Validators): the recommended preset, with
// one stylistic rule off. The pages are Razor components: the Razor compiler writes void elements with only literal
// attributes as <meta ...>, Blazor's HtmlRenderer writes those with rendered attributes as <link ... />. Both are valid
// HTML; void-style only asks that one page not mix them, which these two parts of the framework do by design.
module.exports = {
  root: true,
  extends: ["html-validate:recommended"],
  rules: {
    "void-style": "off",
  },
};
