// Forward Tab from the search box moves on to the navigation and the article in every browser.
//
// Material 9.8.1 opens search when its box takes focus and, while search is open, answers Tab
// by closing search and calling blur() on the box (its bundle: case "Tab": ... i.blur()).
// Chromium and Firefox then go on from where the box was; WebKit (Safari) starts again from the
// top of the page, so forward Tab looped skip link -> logo -> palette -> search box -> skip link
// and never reached the page. Closing search here, before the key reaches Material's listener
// on window, leaves Material nothing to do (it acts on Tab only while search is open), and the
// browser's own Tab moves on from the box, which still has focus.
// Tested in Chromium, Firefox and WebKit by tests/test_engines.py (the Tab tests).
document.querySelector("[data-md-component=search-query]")?.addEventListener("keydown", (event) => {
  const search = document.getElementById("__search");
  if (event.key === "Tab" && search && search.checked) search.click();
});
