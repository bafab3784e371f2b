/*
 * leadbot t.js: page views, and sign-ups from forms with an email field, for the lead-scoring bot.
 * Served by the bot at GET /t.js; README "Connect your website and tools".
 *
 *   <script async src="https://bot.example.com/t.js" data-key="lpk_..."></script>
 *
 * Sends Segment-format messages to the bot's /v1/batch with the site's public key. Keeps a
 * first-party anonymous id in localStorage and sets no cookies. Consent: window.leadbotConsent =
 * false stops it (nothing is sent or stored); with data-consent="required" it waits until
 * window.leadbotConsent = true or leadbot.consent(true). Plain ES5, no dependencies.
 */
(function (window, document) {
  "use strict";
  if (window.leadbot && window.leadbot.version) return;

  var script = document.currentScript;
  if (!script) {
    var tagged = document.querySelectorAll("script[data-key]");
    script = tagged[tagged.length - 1];
  }
  if (!script || !script.getAttribute("data-key")) return;

  var VERSION = "1";
  var STORE_KEY = "leadbot_anonymous_id";
  var key = script.getAttribute("data-key");
  var base = script.getAttribute("data-api") || script.src.replace(/\/t\.js([?#].*)?$/, "");
  var endpoint = base.replace(/\/+$/, "") + "/v1/batch";
  var consentRequired = script.getAttribute("data-consent") === "required";
  var waiting = [];
  var memoryId = null;
  var lastPath = null;

  function consent() {
    if (window.leadbotConsent === false) return "no";
    if (window.leadbotConsent === true || !consentRequired) return "yes";
    return "pending";
  }

  function uuid() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === "function") return c.randomUUID();
    var bytes = new Array(16);
    var i;
    if (c && c.getRandomValues) {
      var random = new Uint8Array(16);
      c.getRandomValues(random);
      for (i = 0; i < 16; i++) bytes[i] = random[i];
    } else {
      for (i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = "";
    for (i = 0; i < 16; i++) hex += (bytes[i] + 256).toString(16).slice(1) + (i === 3 || i === 5 || i === 7 || i === 9 ? "-" : "");
    return hex;
  }

  // Only called once consent is given: the id is stored, never a cookie.
  function anonymousId() {
    try {
      var stored = window.localStorage.getItem(STORE_KEY);
      if (stored) return stored;
      var made = uuid();
      window.localStorage.setItem(STORE_KEY, made);
      return made;
    } catch (e) {
      // Storage blocked (a private window, a strict browser): an id for this page only.
      memoryId = memoryId || uuid();
      return memoryId;
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(STORE_KEY);
    } catch (e) {
      /* nothing stored */
    }
    memoryId = null;
  }

  function pageInfo() {
    var location = window.location;
    return { path: location.pathname, url: location.href, search: location.search, title: document.title, referrer: document.referrer };
  }

  function message(type, fields) {
    var m = {
      type: type,
      messageId: uuid(),
      timestamp: new Date().toISOString(),
      context: { library: { name: "leadbot-t.js", version: VERSION }, page: pageInfo(), userAgent: window.navigator.userAgent, locale: window.navigator.language }
    };
    for (var name in fields) if (Object.prototype.hasOwnProperty.call(fields, name)) m[name] = fields[name];
    return m;
  }

  function post(messages) {
    var body = JSON.stringify({ batch: messages, sentAt: new Date().toISOString(), writeKey: key });
    // text/plain keeps it a simple request (no preflight); keepalive lets it finish while the page unloads.
    try {
      if (window.fetch) {
        window.fetch(endpoint, { method: "POST", body: body, keepalive: true, credentials: "omit", mode: "cors", headers: { "Content-Type": "text/plain" } })["catch"](function () {});
        return;
      }
    } catch (e) {
      /* fall back below */
    }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", endpoint, true);
    xhr.setRequestHeader("Content-Type", "text/plain");
    xhr.send(body);
  }

  function send(type, fields) {
    var state = consent();
    if (state === "no") return;
    if (state === "pending") {
      waiting.push([type, fields]);
      return;
    }
    // Consent given by setting window.leadbotConsent = true: what waited goes first.
    if (waiting.length > 0) flushWaiting();
    fields.anonymousId = anonymousId();
    post([message(type, fields)]);
  }

  function flushWaiting() {
    var held = waiting;
    waiting = [];
    if (consent() !== "yes") return;
    var id = anonymousId();
    var messages = [];
    for (var i = 0; i < held.length; i++) {
      held[i][1].anonymousId = id;
      messages.push(message(held[i][0], held[i][1]));
    }
    if (messages.length > 0) post(messages);
  }

  function page() {
    var info = pageInfo();
    lastPath = info.path + info.search;
    send("page", { name: info.title, properties: info });
  }

  // ---- forms with an email field -------------------------------------------------------------

  var FIELDS = [
    ["email", /e-?mail/i],
    ["firstName", /^(first[_ -]?name|fname|given[_ -]?name|vorname)$/i],
    ["lastName", /^(last[_ -]?name|lname|surname|family[_ -]?name|nachname)$/i],
    ["name", /^(full[_ -]?)?name$|^your[_ -]?name$/i],
    ["phone", /phone|^tel|mobile/i],
    ["company", /company|organi[sz]ation|^org$/i],
    ["title", /^(job[_ -]?)?title$|position|role/i]
  ];

  function fieldName(input) {
    return input.getAttribute("name") || input.getAttribute("id") || input.getAttribute("autocomplete") || "";
  }

  function traitsOf(form) {
    var traits = {};
    var inputs = form.querySelectorAll("input, select, textarea");
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      var type = (input.getAttribute("type") || "").toLowerCase();
      if (type === "password" || type === "hidden" || type === "checkbox" || type === "radio" || type === "file") continue;
      var value = typeof input.value === "string" ? input.value.replace(/^\s+|\s+$/g, "") : "";
      if (value === "" || value.length > 200) continue;
      if (type === "email" && !traits.email) traits.email = value;
      else if (type === "tel" && !traits.phone) traits.phone = value;
      var name = fieldName(input);
      for (var f = 0; f < FIELDS.length; f++) {
        if (!traits[FIELDS[f][0]] && FIELDS[f][1].test(name)) {
          traits[FIELDS[f][0]] = value;
          break;
        }
      }
    }
    return traits;
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form || form.nodeName !== "FORM" || form.hasAttribute("data-leadbot-ignore")) return;
    var traits = traitsOf(form);
    if (!traits.email || traits.email.indexOf("@") < 1) return;
    send("identify", { traits: traits });
  }

  // ---- single-page apps: a new path is a new page view -----------------------------------------

  function onNavigate() {
    var location = window.location;
    if (location.pathname + location.search !== lastPath) page();
  }

  function watchHistory() {
    var history = window.history;
    if (!history || !history.pushState) return;
    var push = history.pushState;
    history.pushState = function () {
      var result = push.apply(history, arguments);
      onNavigate();
      return result;
    };
    window.addEventListener("popstate", onNavigate);
  }

  window.leadbot = {
    version: VERSION,
    page: page,
    track: function (event, properties) {
      if (typeof event === "string" && event !== "") send("track", { event: event, properties: properties || {} });
    },
    identify: function (traits) {
      if (traits && typeof traits === "object") send("identify", { traits: traits });
    },
    /** leadbot.consent(true) sends what waited; leadbot.consent(false) stops and forgets the id. */
    consent: function (given) {
      window.leadbotConsent = given === true;
      if (given === true) flushWaiting();
      else {
        waiting = [];
        forget();
      }
    }
  };

  document.addEventListener("submit", onSubmit, true);
  watchHistory();
  page();
})(window, document);
