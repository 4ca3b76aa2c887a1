// Progressive enhancement: the form works without this file.
// Shows the lunch questions only when the chosen option has lunch (and the person
// comes on site); without a choice yet, they stay visible.
for (const form of document.querySelectorAll("form[data-lunch-sessions]")) {
  const lunchSessions = form.dataset.lunchSessions.split(",").filter(Boolean);
  const lunchFields = ["lunch", "dietary"]
    .map((name) => form.querySelector(`[name="${name}"]`))
    .filter(Boolean)
    .map((input) => input.closest(".field"));
  const update = () => {
    const session = form.querySelector('input[name="session"]:checked');
    const attendance = form.querySelector('input[name="attendance"]:checked');
    let show = !session || lunchSessions.includes(session.value);
    if (attendance && attendance.value === "online") show = false;
    for (const field of lunchFields) field.hidden = !show;
  };
  form.addEventListener("change", update);
  update();
}
