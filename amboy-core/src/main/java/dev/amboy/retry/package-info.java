/** Retrying failed jobs: policies, backoff and the attempt history kept with each job. */
package dev.amboy.retry;
