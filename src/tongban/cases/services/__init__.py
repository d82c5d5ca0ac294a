"""Case writes: submission, the one transition writer, deadlines, numbering, notices."""
