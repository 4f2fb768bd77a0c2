package dev.amboy.spring.boot.autoconfigure.notajob;

import dev.amboy.spring.AmboyJob;

/** Annotated by mistake: it does not implement Job. */
@AmboyJob(type = "invoice")
public class Invoice {}
