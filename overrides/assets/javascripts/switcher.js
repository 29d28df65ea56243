// Progressive enhancement: the language switcher keeps the reader on the same clause,
// since every clause has the same anchor in every language. Without JavaScript it still
// leads to the counterpart page.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.policy-language");
  if (link && location.hash) {
    link.href = link.href.split("#")[0] + location.hash;
  }
});
