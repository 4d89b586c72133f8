#pragma once
// Text for the HTML reports (`analyze --report`, `calibrate`'s report.html).
// Labels come from scenario files, targets files and databases, so they are
// free text and must not become markup.

#include <string>

namespace tiaokuai::analysis {

// `text` with <, >, & and " replaced by their entities: safe in element
// content and in double-quoted attributes.
std::string html_escape(const std::string& text);

// A page's start, up to and including <body>: UTF-8, `title` (escaped
// here) and the reports' one stylesheet (tables with right-aligned
// numbers, figures with captions, .yes and .no for verdicts).
std::string html_page_start(const std::string& title);

// A <script> (inline: the pages fetch nothing) that sorts the rows of every
// <table class=sortable> by a column when its header is clicked, numbers
// as numbers, a second click reversing the order. It goes at the end of
// the page's body, after the tables.
std::string sortable_tables_script();

}  // namespace tiaokuai::analysis
