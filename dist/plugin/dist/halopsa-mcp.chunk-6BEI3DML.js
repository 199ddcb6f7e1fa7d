import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
function t(e){switch(e){case"read":return{readOnlyHint:!0};case"create":return{readOnlyHint:!1,destructiveHint:!1};case"update":return{readOnlyHint:!1,destructiveHint:!0,idempotentHint:!0};case"delete":return{readOnlyHint:!1,destructiveHint:!0,idempotentHint:!0}}}var o=e=>e.effect!=="read";export{t as a,o as b};
