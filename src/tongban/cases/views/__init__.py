"""Case pages: the applicant's (apply, my cases, supplement, withdraw), the public ones
(progress query, notice verification) and the workbench's (queue, case, actions, counter
intake). Views are thin: they call the case services and selectors, and render."""
