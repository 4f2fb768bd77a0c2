/**
 * Implementation details with no compatibility promise; nothing outside amboy-core may use them.
 */
package dev.amboy.internal;
