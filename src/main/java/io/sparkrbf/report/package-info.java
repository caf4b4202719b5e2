/**
 * The training report of {@code train --report DIR}: the per-epoch history, PNG charts
 * (loss, accuracy, confusion matrix) drawn headless with JFreeChart, and one
 * self-contained HTML page, written as one directory that appears only when complete.
 * Works on results the driver already holds; no Spark here.
 */
package io.sparkrbf.report;
