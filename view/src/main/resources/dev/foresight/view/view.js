"use strict";
// The live view's page: one WebSocket carries binary pictures (first byte 0 camera, 1 goal, then
// PNG) and JSON state messages; the page only draws the newest of each.
(function () {
  const byId = (id) => document.getElementById(id);
  const token = new URLSearchParams(location.search).get("token");
  const socketUrl = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
    "/socket" + (token ? "?token=" + encodeURIComponent(token) : "");
  let socket = null;
  let last = null;

  function showPicture(img, bytes) {
    const url = URL.createObjectURL(new Blob([bytes], { type: "image/png" }));
    const old = img.src;
    img.onload = () => { if (old && old.startsWith("blob:")) URL.revokeObjectURL(old); };
    img.src = url;
    img.dataset.frames = String(Number(img.dataset.frames) + 1);
  }

  function plot(canvas, firstStep, values, colour) {
    const g = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height, left = 48, bottom = 20;
    g.clearRect(0, 0, w, h);
    const finite = values.filter((v) => v !== null && isFinite(v));
    canvas.dataset.points = String(firstStep + values.length - 1);
    if (finite.length === 0) return;
    let lo = Math.min(...finite), hi = Math.max(...finite);
    if (hi - lo < 1e-9) { hi = lo + 1; }
    g.strokeStyle = "#333"; g.fillStyle = "#8a96a3"; g.font = "11px sans-serif";
    g.strokeRect(left, 4, w - left - 4, h - bottom - 4);
    g.fillText(hi.toPrecision(3), 2, 12);
    g.fillText(lo.toPrecision(3), 2, h - bottom);
    g.fillText("step " + firstStep, left, h - 4);
    g.fillText(String(firstStep + values.length - 1), w - 30, h - 4);
    g.strokeStyle = colour; g.lineWidth = 1.5; g.beginPath();
    const n = Math.max(values.length - 1, 1);
    let pen = false;
    values.forEach((v, i) => {
      if (v === null || !isFinite(v)) { pen = false; return; }
      const x = left + (i / n) * (w - left - 6);
      const y = 4 + (1 - (v - lo) / (hi - lo)) * (h - bottom - 8);
      if (pen) g.lineTo(x, y); else g.moveTo(x, y);
      pen = true;
    });
    g.stroke();
  }

  function topView(state) {
    const canvas = byId("topView");
    const g = canvas.getContext("2d");
    const w = canvas.width, h = canvas.height;
    g.clearRect(0, 0, w, h);
    let box = state.workspace;
    const points = [];
    if (state.ee) points.push(state.ee);
    (state.path || []).forEach((p) => points.push(p));
    (state.predicted || []).forEach((p) => points.push(p));
    if (!box) {
      if (points.length === 0) return;
      const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
      box = [Math.min(...xs) - 0.1, Math.min(...ys) - 0.1, 0, Math.max(...xs) + 0.1, Math.max(...ys) + 0.1, 0];
    }
    const margin = 16;
    const scale = Math.min((w - 2 * margin) / (box[3] - box[0]), (h - 2 * margin) / (box[4] - box[1]));
    // Top view: base x to the right, base y up.
    const sx = (x) => margin + (x - box[0]) * scale;
    const sy = (y) => h - margin - (y - box[1]) * scale;
    g.strokeStyle = "#888"; g.lineWidth = 1;
    g.strokeRect(sx(box[0]), sy(box[4]), (box[3] - box[0]) * scale, (box[4] - box[1]) * scale);
    g.fillStyle = "#8a96a3"; g.font = "11px sans-serif";
    g.fillText("x →", w - 34, h - 3); g.fillText("y ↑", 2, 12);
    if (!state.ee) return;
    g.strokeStyle = "#4dc3ff"; g.lineWidth = 2; g.beginPath();
    g.moveTo(sx(state.ee[0]), sy(state.ee[1]));
    (state.path || []).forEach((p) => g.lineTo(sx(p[0]), sy(p[1])));
    g.stroke();
    g.fillStyle = "#4dc3ff";
    (state.path || []).forEach((p) => { g.beginPath(); g.arc(sx(p[0]), sy(p[1]), 2.5, 0, 7); g.fill(); });
    if (state.predicted && state.predicted.length > 0) {
      g.strokeStyle = "#ff8ad8"; g.lineWidth = 2; g.setLineDash([5, 4]); g.beginPath();
      g.moveTo(sx(state.ee[0]), sy(state.ee[1]));
      state.predicted.forEach((p) => g.lineTo(sx(p[0]), sy(p[1])));
      g.stroke(); g.setLineDash([]);
      g.fillStyle = "#ff8ad8";
      state.predicted.forEach((p) => { g.beginPath(); g.arc(sx(p[0]), sy(p[1]), 3, 0, 7); g.fill(); });
    }
    g.fillStyle = "#ffd24d"; g.beginPath(); g.arc(sx(state.ee[0]), sy(state.ee[1]), 5, 0, 7); g.fill();
  }

  function text(id, value) { byId(id).textContent = value === undefined || value === null || value === "" ? "–" : String(value); }

  function showState(state) {
    last = state;
    if (state.step !== undefined) {
      text("step", "step " + state.step);
      plot(byId("energyPlot"), state.firstStep, state.energy, "#ff8c42");
      plot(byId("planningPlot"), state.firstStep, state.planningMs, "#7bd88f");
      const plan = state.plan || [];
      text("plan", plan.slice(0, 3).map((a) => "[" + a.map((v) => v === null ? "–" : v.toFixed(3)).join(" ") + "]").join(" ") +
        (plan.length > 3 ? " … " + plan.length + " steps" : ""));
    }
    topView(state);
    text("agent", state.agent + (state.robot ? " (" + state.robot + ")" : ""));
    text("speedLimit", state.speedLimitMps ? state.speedLimitMps.toFixed(2) + " m/s" : "");
    const arm = state.arm;
    const badge = byId("armMode");
    if (arm) {
      text("mode", arm.mode); text("stopCause", arm.stopCause); text("stopDetail", arm.stopDetail);
      text("stops", arm.stops); text("watchdogTrips", arm.watchdogTrips);
      text("clamped", arm.clamped); text("droppedStale", arm.droppedStale);
      badge.textContent = "arm: " + arm.mode + (arm.stopCause ? " (" + arm.stopCause + ")" : "");
      badge.className = "badge " + (arm.mode === "armed" ? "on" : "held");
      badge.dataset.mode = arm.mode;
      badge.dataset.stopCause = arm.stopCause;
    } else {
      // Keep the last state the agent reported (data attributes), say that it may be old.
      const lastKnown = badge.dataset.mode ? " (last known: " + badge.dataset.mode +
        (badge.dataset.stopCause ? ", " + badge.dataset.stopCause : "") + ")" : "";
      badge.textContent = (state.agent ? "arm: agent not connected" : "arm: no agent") + lastKnown;
      badge.className = "badge " + (state.agent ? "held" : "off");
    }
  }

  function connect() {
    socket = new WebSocket(socketUrl);
    socket.binaryType = "arraybuffer";
    socket.onopen = () => { byId("connection").textContent = "live"; byId("connection").className = "badge on"; };
    socket.onclose = () => {
      byId("connection").textContent = "disconnected, retrying…"; byId("connection").className = "badge off";
      setTimeout(connect, 1000);
    };
    socket.onmessage = (event) => {
      if (typeof event.data === "string") {
        const message = JSON.parse(event.data);
        if (message.t === "state") showState(message);
        else if (message.t === "stopSent") byId("message").textContent = "STOP sent: the agent holds the arm until a person re-arms it.";
        else if (message.t === "error") byId("message").textContent = message.message;
      } else {
        const bytes = new Uint8Array(event.data);
        showPicture(byId(bytes[0] === 1 ? "goal" : "camera"), bytes.subarray(1));
      }
    };
  }

  byId("stopButton").addEventListener("click", () => {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ t: "stop" }));
    } else {
      byId("message").textContent = "not connected to the view: STOP not sent";
    }
  });
  connect();
})();
