/**
 * Tink implementations of phi-core's crypto SPIs (keysets, AEAD, deterministic tokens, MAC, vector encryption).
 * Filled by a later issue; the module builds and declares its dependency on Tink now.
 */
package dev.phisafe.tink;
