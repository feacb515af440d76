/* Nothing typed is lost on a bad connection.
 *
 * A form opts in with data-keep="<name>" (one name per user and record, e.g.
 * "u12:order:5:9009"). Then:
 *  - what is typed is kept in the browser as it is typed (localStorage; sessionStorage,
 *    the tab only, with data-keep-storage="session" for forms holding personal data),
 *    under "songkhla-keep:<name>:<data-keep-version>";
 *  - when the page is opened again, a draft that did not reach the server is offered
 *    back (restore or discard); a draft that did is cleared and "บันทึกแล้ว" shown. The
 *    page says which saves it recorded: data-keep-recorded (submission keys), or the
 *    page now shows the draft's values;
 *  - the form is sent with fetch: a network error, a timeout or a server error (5xx)
 *    says so in Thai beside the button, keeps the figures on screen and offers a retry
 *    with the same submission key, so the server records it once. Any other answer
 *    (the page after the save, the form with its errors, a confirmation) replaces the
 *    page, as a normal submission would;
 *  - a live-total request (htmx) inside the form that fails says so, and the "saved"
 *    message above, no longer true of the figures on screen, goes.
 * data-keep-bound marks a form the server drew with submitted, unsaved data (errors, a
 * confirmation): its figures are kept as they are. Without JavaScript, or without fetch,
 * the form posts as it always did.
 */
(function () {
  "use strict";

  var PREFIX = "songkhla-keep:";
  var TIMEOUT_MS = 45000;
  var TYPING_DELAY_MS = 300;
  var MAX_AGE_MS = 30 * 24 * 3600 * 1000;
  var SKIPPED = ["hidden", "file", "password", "submit", "button", "reset", "image"];

  // Storage ---------------------------------------------------------------------------

  function storage(form) {
    try {
      var store = form.dataset.keepStorage === "session" ? window.sessionStorage : window.localStorage;
      store.setItem(PREFIX + "probe", "1");
      store.removeItem(PREFIX + "probe");
      return store;
    } catch (error) {
      return null; // storage off, full, or a private window that refuses it
    }
  }

  function family(form) {
    return PREFIX + form.dataset.keep + ":";
  }

  function draftKey(form) {
    return family(form) + (form.dataset.keepVersion || "0");
  }

  function read(store, key) {
    try {
      return JSON.parse(store.getItem(key));
    } catch (error) {
      return null;
    }
  }

  function write(form, draft) {
    var store = storage(form);
    if (!store) return;
    try {
      store.setItem(draftKey(form), JSON.stringify(draft));
    } catch (error) {
      /* full: the figures are still on screen */
    }
  }

  function drafts(form) {
    var store = storage(form);
    var found = [];
    if (!store) return found;
    var prefix = family(form);
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(prefix) === 0) {
        var draft = read(store, key);
        if (draft && draft.values) {
          draft.storageKey = key;
          found.push(draft);
        }
      }
    }
    return found;
  }

  function forget(form, key) {
    var store = storage(form);
    if (store) store.removeItem(key || draftKey(form));
  }

  function forgetOld() {
    [window.localStorage, window.sessionStorage].forEach(function (store) {
      try {
        var old = [];
        for (var i = 0; i < store.length; i++) {
          var key = store.key(i);
          if (key && key.indexOf(PREFIX) === 0) {
            var draft = read(store, key);
            if (!draft || !draft.at || Date.now() - draft.at > MAX_AGE_MS) old.push(key);
          }
        }
        old.forEach(function (key) {
          store.removeItem(key);
        });
      } catch (error) {
        /* no storage */
      }
    });
  }

  // The form's values -----------------------------------------------------------------

  function keptField(field) {
    if (!field.name || field.name === "csrfmiddlewaretoken") return false;
    return SKIPPED.indexOf((field.type || "").toLowerCase()) < 0 && field.tagName !== "BUTTON";
  }

  function valuesOf(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!keptField(field)) return;
      if (field.type === "radio") {
        if (!(field.name in values)) values[field.name] = "";
        if (field.checked) values[field.name] = field.value;
      } else if (field.type === "checkbox") {
        if (!(field.name in values)) values[field.name] = [];
        if (field.checked) values[field.name].push(field.value);
      } else if (field.type === "select-multiple") {
        values[field.name] = Array.prototype.filter
          .call(field.options, function (option) {
            return option.selected;
          })
          .map(function (option) {
            return option.value;
          });
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  // "๒๕", "25" and "25.00" are the same figure; text is compared as typed (trimmed).
  function normal(value) {
    if (Array.isArray(value)) return value.map(normal).sort().join("\u0000");
    var text = String(value == null ? "" : value)
      .trim()
      .replace(/[\u0E50-\u0E59]/g, function (digit) {
        return String(digit.charCodeAt(0) - 0x0e50);
      });
    var bare = text.replace(/,/g, "");
    if (/^-?\d*\.?\d+$/.test(bare) || /^-?\d+\.$/.test(bare)) return String(parseFloat(bare));
    return text;
  }

  function sameValues(draft, current) {
    return Object.keys(draft).every(function (name) {
      if (!(name in current)) return normal(draft[name]) === "";
      return normal(draft[name]) === normal(current[name]);
    });
  }

  function restore(form, values) {
    var last = null;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!keptField(field) || !(field.name in values) || field.disabled) return;
      var value = values[field.name];
      if (field.type === "radio") {
        field.checked = field.value === value;
      } else if (field.type === "checkbox") {
        field.checked = Array.isArray(value) && value.indexOf(field.value) >= 0;
      } else if (field.type === "select-multiple") {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = Array.isArray(value) && value.indexOf(option.value) >= 0;
        });
      } else {
        field.value = value;
      }
      last = field;
    });
    // One change event: the live totals (htmx) recompute from every field at once.
    if (last) last.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function submissionKey(form) {
    var field = form.elements.namedItem("submission_key");
    return field && field.value ? field.value : "";
  }

  function keep(form, sent) {
    var store = storage(form);
    if (!store) return;
    var previous = read(store, draftKey(form)) || {};
    write(form, {
      values: valuesOf(form),
      key: submissionKey(form),
      version: form.dataset.keepVersion || "0",
      at: Date.now(),
      sent: sent === undefined ? !!previous.sent : sent,
    });
  }

  // Messages on the page --------------------------------------------------------------

  function when(at) {
    try {
      return new Date(at).toLocaleString("th-TH", { dateStyle: "medium", timeStyle: "short" });
    } catch (error) {
      return new Date(at).toLocaleString();
    }
  }

  function banner(form, kind, role, text, buttons) {
    var old = form._keepBanners && form._keepBanners[kind];
    if (old && old.parentNode) old.parentNode.removeChild(old);
    var box = document.createElement("div");
    box.className = "keep-banner keep-" + kind;
    box.setAttribute("role", role);
    var paragraph = document.createElement("p");
    paragraph.textContent = text;
    box.appendChild(paragraph);
    if (buttons && buttons.length) {
      var row = document.createElement("p");
      row.className = "keep-actions";
      buttons.forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = spec.primary ? "primary" : "secondary";
        button.textContent = spec.label;
        button.addEventListener("click", spec.action);
        row.appendChild(button);
      });
      box.appendChild(row);
    }
    form._keepBanners = form._keepBanners || {};
    form._keepBanners[kind] = box;
    return box;
  }

  function clearBanner(form, kind) {
    var box = form._keepBanners && form._keepBanners[kind];
    if (box && box.parentNode) box.parentNode.removeChild(box);
    if (form._keepBanners) delete form._keepBanners[kind];
  }

  function above(form, box) {
    form.parentNode.insertBefore(box, form);
  }

  function besideButton(form, submitter, box) {
    var anchor = submitter && submitter.form === form ? submitter : form.querySelector("[type=submit]");
    if (anchor && anchor.parentNode && anchor.parentNode !== form && form.contains(anchor)) {
      anchor = anchor.parentNode;
    }
    if (anchor && anchor.parentNode) anchor.parentNode.insertBefore(box, anchor);
    else above(form, box);
  }

  function dropSavedMessages() {
    Array.prototype.forEach.call(document.querySelectorAll(".messages li.success"), function (item) {
      var list = item.parentNode;
      list.removeChild(item);
      if (!list.children.length && list.parentNode) list.parentNode.removeChild(list);
    });
  }

  // Opening the page ------------------------------------------------------------------

  function offer(form, draft) {
    var text = "มีข้อมูลที่กรอกไว้ในเครื่องนี้เมื่อ " + when(draft.at) + " ที่ยังไม่ได้บันทึก";
    if (draft.sent) text += " (กดบันทึกแล้วแต่ข้อมูลไม่ถึงระบบ)";
    if (draft.version !== (form.dataset.keepVersion || "0")) {
      text +=
        " หลังจากนั้นมีการบันทึกข้อมูลนี้อีก ตัวเลขในหน้านี้เป็นตัวเลขล่าสุด" +
        " ถ้านำข้อมูลที่กรอกไว้กลับมา กรุณาตรวจสอบก่อนบันทึก";
    }
    var box = banner(form, "offer", "alert", text, [
      {
        label: "นำข้อมูลที่กรอกไว้กลับมา",
        primary: true,
        action: function () {
          forget(form, draft.storageKey);
          restore(form, draft.values);
          keep(form, false);
          clearBanner(form, "offer");
        },
      },
      {
        label: "ทิ้งข้อมูลที่กรอกไว้",
        action: function () {
          forget(form, draft.storageKey);
          clearBanner(form, "offer");
        },
      },
    ]);
    above(form, box);
  }

  function opened(form) {
    var current = valuesOf(form);
    form._keepInitial = current;
    if (form.hasAttribute("data-keep-bound")) {
      keep(form, false); // the server answered with what was typed, unsaved: keep it
      return;
    }
    var recorded = (form.dataset.keepRecorded || "").split(/\s+/).filter(Boolean);
    var saved = false;
    var waiting = [];
    drafts(form).forEach(function (draft) {
      if ((draft.key && recorded.indexOf(draft.key) >= 0) || sameValues(draft.values, current)) {
        forget(form, draft.storageKey);
        saved = saved || (!!draft.sent && !form._keepJustSent);
      } else {
        waiting.push(draft);
      }
    });
    waiting.sort(function (a, b) {
      return b.at - a.at;
    });
    waiting.slice(1).forEach(function (draft) {
      forget(form, draft.storageKey);
    });
    if (waiting.length) {
      offer(form, waiting[0]);
    } else if (saved) {
      above(
        form,
        banner(
          form,
          "saved",
          "status",
          "บันทึกแล้ว: ข้อมูลที่กดบันทึกไว้เมื่อการเชื่อมต่อขาดถึงระบบแล้ว ตัวเลขในหน้านี้คือที่บันทึกไว้"
        )
      );
    }
  }

  // Typing ------------------------------------------------------------------------------

  function typed(form) {
    clearTimeout(form._keepTimer);
    form._keepTimer = setTimeout(function () {
      flush(form);
    }, TYPING_DELAY_MS);
  }

  function flush(form) {
    clearTimeout(form._keepTimer);
    if (!form.isConnected) return;
    if (!form.hasAttribute("data-keep-bound") && sameValues(valuesOf(form), form._keepInitial || {})) {
      forget(form); // back to what the server has: nothing to keep
      return;
    }
    keep(form);
  }

  // Saving --------------------------------------------------------------------------------

  function failed(form, submitter, reason) {
    form.removeAttribute("aria-busy");
    if (submitter) submitter.disabled = false;
    clearBanner(form, "sending");
    var text;
    if (reason === "timeout") {
      text = "บันทึกไม่สำเร็จ: ระบบไม่ตอบภายใน " + TIMEOUT_MS / 1000 + " วินาที (สัญญาณช้าหรือขาด)";
    } else if (reason === "network") {
      text = "บันทึกไม่สำเร็จ: ติดต่อระบบไม่ได้หรือไม่ได้รับคำตอบ (สัญญาณขาด)";
    } else {
      text = "บันทึกไม่สำเร็จ: ระบบขัดข้อง (รหัส " + reason + ")";
    }
    text +=
      " ข้อมูลที่กรอกยังอยู่ในหน้านี้และเก็บไว้ในเครื่องแล้ว เมื่อสัญญาณกลับมา กด “ลองบันทึกอีกครั้ง”" +
      " ถ้าครั้งก่อนถึงระบบแล้ว ระบบจะไม่บันทึกซ้ำ";
    besideButton(
      form,
      submitter,
      banner(form, "failed", "alert", text, [
        {
          label: "ลองบันทึกอีกครั้ง",
          primary: true,
          action: function () {
            send(form, submitter);
          },
        },
      ])
    );
  }

  function showPage(response, html, form) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var saved = response.redirected && response.ok && page.querySelector(".messages li.success");
    if (saved) forget(form);
    var url = response.url || window.location.href;
    if (url !== window.location.href.split("#")[0]) {
      window.history.replaceState({ keep: true }, "");
      window.history.pushState({ keep: true }, "", url);
    }
    document.title = page.title;
    var body = document.body;
    Array.prototype.slice.call(body.attributes).forEach(function (attribute) {
      body.removeAttribute(attribute.name);
    });
    Array.prototype.forEach.call(page.body.attributes, function (attribute) {
      body.setAttribute(attribute.name, attribute.value);
    });
    body.replaceChildren.apply(body, Array.prototype.slice.call(page.body.childNodes));
    window.scrollTo(0, 0);
    if (window.htmx) window.htmx.process(body);
    start(body, form.dataset.keep);
    var focus = body.querySelector("[role=alert], .messages, h1");
    if (focus) {
      if (!focus.hasAttribute("tabindex")) focus.setAttribute("tabindex", "-1");
      focus.focus({ preventScroll: true });
    }
  }

  function send(form, submitter) {
    if (form.getAttribute("aria-busy") === "true") return;
    flush(form);
    keep(form, true);
    clearBanner(form, "failed");
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var controller = window.AbortController ? new AbortController() : null;
    var timedOut = false;
    var timer = setTimeout(function () {
      timedOut = true;
      if (controller) controller.abort();
    }, TIMEOUT_MS);
    form.setAttribute("aria-busy", "true");
    if (submitter) submitter.disabled = true;
    besideButton(form, submitter, banner(form, "sending", "status", "กำลังบันทึก…"));
    window
      .fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined,
      })
      .then(function (response) {
        if (response.status >= 500) {
          clearTimeout(timer);
          failed(form, submitter, String(response.status));
          return;
        }
        return response.text().then(function (html) {
          clearTimeout(timer);
          if (timedOut) throw new Error("timeout");
          showPage(response, html, form);
        });
      })
      .catch(function () {
        clearTimeout(timer);
        failed(form, submitter, timedOut ? "timeout" : "network");
      });
  }

  // Live totals (htmx) --------------------------------------------------------------------

  function previewFailed(event) {
    var form = event.target && event.target.closest ? event.target.closest("form[data-keep]") : null;
    if (!form) return;
    dropSavedMessages();
    above(
      form,
      banner(
        form,
        "preview",
        "alert",
        "คำนวณยอดเงินและราคาไม่ได้ (สัญญาณขาดหรือระบบไม่ตอบ) ยอดรวมในหน้านี้อาจไม่ตรงกับตัวเลขที่กรอก" +
          " ตัวเลขที่กรอกยังอยู่และเก็บไว้ในเครื่องแล้ว แต่ยังไม่ได้บันทึก"
      )
    );
  }

  function previewDone(event) {
    var form = event.target && event.target.closest ? event.target.closest("form[data-keep]") : null;
    if (form && event.detail && event.detail.successful) clearBanner(form, "preview");
  }

  // Wiring --------------------------------------------------------------------------------

  function start(root, justSent) {
    Array.prototype.forEach.call(root.querySelectorAll("form[data-keep]"), function (form) {
      if (form._keepStarted) return;
      form._keepStarted = true;
      form._keepJustSent = justSent === form.dataset.keep;
      opened(form);
      form.addEventListener("input", function () {
        typed(form);
      });
      form.addEventListener("change", function () {
        typed(form);
      });
      if (!window.fetch || !window.FormData || !window.DOMParser) return; // posts as usual
      form.addEventListener("submit", function (event) {
        if (form.enctype === "multipart/form-data" && form.querySelector("input[type=file]")) return;
        event.preventDefault();
        send(form, event.submitter || null);
      });
    });
  }

  window.addEventListener("pagehide", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-keep]"), flush);
  });
  window.addEventListener("popstate", function (event) {
    if (event.state && event.state.keep) window.location.reload();
  });
  document.addEventListener("htmx:sendError", previewFailed);
  document.addEventListener("htmx:responseError", previewFailed);
  document.addEventListener("htmx:timeout", previewFailed);
  document.addEventListener("htmx:afterRequest", previewDone);

  function ready() {
    forgetOld();
    start(document);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
