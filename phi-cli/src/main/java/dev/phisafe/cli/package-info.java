/**
 * The {@code phi} command line: {@code scan}, {@code eval}, {@code demo} (see {@link dev.phisafe.cli.PhiCommand}).
 *
 * <p>Only {@link dev.phisafe.cli.PhiCommand} is public; everything else is package-private. Nothing here prints
 * input text: errors name line numbers, exception classes and fixed reasons.
 */
package dev.phisafe.cli;
