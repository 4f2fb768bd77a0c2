/** Helpers for testing code that uses amboy: a clock that moves only when told to. */
package dev.amboy.testing;
