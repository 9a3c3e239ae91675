// Sends on the SAML HTTP-POST binding's form, or follows the HTTP-Redirect
// binding's link, by itself; without JavaScript the visible Continue button
// does the same.
document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
  form.submit();
});
document.querySelectorAll("a[data-autofollow]").forEach(function (link) {
  window.location.replace(link.href);
});
