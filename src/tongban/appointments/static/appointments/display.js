// The hall display: a chime when a new number is called (after someone turned the sound
// on once: browsers allow sound only after a click), nothing else; htmx reloads the board.
(function () {
  "use strict";
  var context = null;
  var last = null;
  function stamp() {
    var board = document.querySelector("#board .board");
    return board ? board.getAttribute("data-stamp") : "";
  }
  function chime() {
    if (!context) { return; }
    [880, 660].forEach(function (frequency, i) {
      var tone = context.createOscillator();
      var gain = context.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, context.currentTime + i * 0.35);
      gain.gain.exponentialRampToValueAtTime(0.001, context.currentTime + i * 0.35 + 0.3);
      tone.connect(gain).connect(context.destination);
      tone.start(context.currentTime + i * 0.35);
      tone.stop(context.currentTime + i * 0.35 + 0.3);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    last = stamp();
    var button = document.getElementById("sound-on");
    if (button) {
      button.addEventListener("click", function () {
        var Audio = window.AudioContext || window.webkitAudioContext;
        if (Audio) { context = new Audio(); chime(); }
        button.hidden = true;
      });
    }
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    var now = stamp();
    if (now && now !== last) { chime(); }
    last = now;
  });
})();
