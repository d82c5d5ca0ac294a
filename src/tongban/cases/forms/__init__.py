"""Forms of the case pages. They shape input for the services and carry the services'
errors back to the fields; they do not judge the input themselves (the form fields, the
checklist and the guards of the transition table do, in the services), so a rule lives in
one place. Fields are therefore optional here unless the form itself cannot work without
them (the client key, the identifiers of a lookup).
"""
