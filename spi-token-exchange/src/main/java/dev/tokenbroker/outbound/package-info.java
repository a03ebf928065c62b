/**
 * Where the broker may send what it knows about users (assertions, platform credentials, policy
 * inputs), and the one HTTP client that holds every outbound call to it: https (plain http only to
 * loopback), never a cloud metadata, link-local or unspecified address, judged on the addresses a
 * host resolves to, and connected to exactly the addresses judged.
 */
package dev.tokenbroker.outbound;
