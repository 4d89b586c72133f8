#include "analysis/html.hpp"

namespace tiaokuai::analysis {

std::string html_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string html_page_start(const std::string& title) {
  return "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>" + html_escape(title) +
         "</title>\n"
         "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222} "
         "table{border-collapse:collapse;margin:1em 0}"
         " td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px} "
         "td.n{text-align:right;font-variant-numeric:tabular-nums}"
         " figure{margin:2em 0} figcaption{color:#444;font-size:14px;max-width:850px} "
         ".yes{color:#1a7f37;font-weight:bold}"
         " .no{color:#b42318;font-weight:bold}"
         " table.sortable th{cursor:pointer} th[aria-sort=ascending]::after{content:' \\25B2'}"
         " th[aria-sort=descending]::after{content:' \\25BC'}</style></head><body>\n";
}

std::string sortable_tables_script() {
  return "<script>\n"
         "document.querySelectorAll('table.sortable th').forEach(function (th) {\n"
         "  th.addEventListener('click', function () {\n"
         "    var table = th.closest('table'), body = table.tBodies[0], column = th.cellIndex;\n"
         "    var ascending = th.getAttribute('aria-sort') !== 'ascending';\n"
         "    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });\n"
         "    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');\n"
         "    var key = function (row) { var t = row.cells[column].textContent, n = Number(t); return t === '' || isNaN(n) ? t : n; };\n"
         "    var rows = Array.prototype.slice.call(body.rows);\n"
         "    rows.sort(function (a, b) {\n"
         "      var x = key(a), y = key(b);\n"
         "      var order = typeof x !== typeof y ? (typeof x === 'number' ? -1 : 1) : x < y ? -1 : x > y ? 1 : 0;\n"
         "      return ascending ? order : -order;\n"
         "    });\n"
         "    rows.forEach(function (row) { body.appendChild(row); });\n"
         "  });\n"
         "});\n"
         "</script>\n";
}

}  // namespace tiaokuai::analysis
