/**
 * Job implementations: the {@link dev.amboy.job.AbstractJob} base, shell jobs, job groups and
 * lambda jobs.
 */
package dev.amboy.job;
