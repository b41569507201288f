/**
 * {@code PhiGuard}: decorators and guardrails that make a LangChain4j RAG chain PHI-safe. Filled by a later issue;
 * the module builds and declares its dependency on langchain4j-core now.
 */
package dev.phisafe.langchain4j;
