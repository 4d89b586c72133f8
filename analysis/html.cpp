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
         " .no{color:#b42318;font-weight:bold}</style></head><body>\n";
}

}  // namespace tiaokuai::analysis
