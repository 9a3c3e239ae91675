// Sends on the SAML HTTP-POST binding's form by itself; without JavaScript the
// visible Continue button does the same.
document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
  form.submit();
});
