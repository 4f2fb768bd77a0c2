/** The job-type registry and the JSON envelope jobs are stored in. */
package dev.amboy.registry;
