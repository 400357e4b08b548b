/** The one stylesheet of the sign-in, sign-up and consent pages: readable on a phone and a desktop. */
export const OAUTH_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1b1f24;background:#f3f4f6}
body{margin:0;padding:1rem}
.card{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.brand{margin:0 0 .5rem;font-weight:600;color:#4338ca}
h1{font-size:1.4rem;line-height:1.3;margin:0 0 1rem}
h2{font-size:1.05rem;margin:1.25rem 0 .5rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=email],input[type=password],input[type=text]{width:100%;padding:.65rem .75rem;font-size:1rem;border:1px solid #8b93a1;border-radius:.5rem}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #6366f1;outline-offset:2px}
fieldset{border:1px solid #d1d5db;border-radius:.5rem;margin:1rem 0;padding:.5rem 1rem}
legend{font-weight:600;padding:0 .25rem}
fieldset label{font-weight:400;display:flex;gap:.5rem;align-items:center;margin:.5rem 0}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
button{flex:1 1 8rem;min-height:2.75rem;padding:.6rem 1rem;font-size:1rem;font-weight:600;border-radius:.5rem;border:1px solid #4338ca;background:#4338ca;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1b1f24;border-color:#8b93a1}
.error{padding:.75rem;border-radius:.5rem;background:#fef2f2;color:#991b1b;border:1px solid #fecaca}
.notice{padding:.75rem;border-radius:.5rem;background:#ecfdf5;color:#065f46;border:1px solid #a7f3d0}
dl{margin:0}
dt{font-weight:600;margin-top:.75rem}
dd{margin:0;overflow-wrap:anywhere}
ul{padding-left:1.25rem;margin:.25rem 0}
.muted{color:#4b5563;font-size:.9rem}
a{color:#3730a3}
`;
