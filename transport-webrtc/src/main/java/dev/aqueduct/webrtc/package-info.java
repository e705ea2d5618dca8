/**
 * The webrtc transport. Not built yet: this module exists so the module layout is complete; its issue fills it in.
 */
package dev.aqueduct.webrtc;
