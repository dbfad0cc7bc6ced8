import { initAll } from "/static/dist/govuk-frontend.min.js";
initAll();

// After a search, focus moves to the results (a heading with tabindex="-1" and
// data-app-focus), so a screen reader or keyboard user is taken to them, not left at the top.
const results = document.querySelector("[data-app-focus]");
if (results) results.focus();

// A table written as plain markup is put in the same scroll container as govukTable's, so the
// page reflows at 320 CSS pixels. A container is a tab stop only while it has something to scroll.
for (const table of document.querySelectorAll("table.govuk-table")) {
  if (table.parentElement.classList.contains("app-table-wrapper")) continue;
  const wrapper = document.createElement("div");
  wrapper.className = "app-table-wrapper";
  wrapper.setAttribute("role", "region");
  wrapper.setAttribute("aria-label", table.caption ? table.caption.textContent.trim() : "Table");
  table.replaceWith(wrapper);
  wrapper.append(table);
}
const wrappers = document.querySelectorAll(".app-table-wrapper");
function scrollable() {
  for (const wrapper of wrappers) {
    if (wrapper.scrollWidth > wrapper.clientWidth) wrapper.setAttribute("tabindex", "0");
    else wrapper.removeAttribute("tabindex");
  }
}
scrollable();
window.addEventListener("resize", scrollable);
