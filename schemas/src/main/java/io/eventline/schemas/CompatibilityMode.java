package io.eventline.schemas;

/** The registry's compatibility modes; which direction(s) are checked and against how many versions. */
public enum CompatibilityMode {
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true),
    NONE(false, false, false);

    /** The new schema must read data written with an old one. */
    final boolean newReadsOld;
    /** An old schema must read data written with the new one. */
    final boolean oldReadsNew;
    /** Check every published version rather than the latest only. */
    final boolean transitive;

    CompatibilityMode(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }
}
