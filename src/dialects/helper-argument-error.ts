/**
 * An argument a model helper cannot render (an unsupported format specifier…). The compiler turns
 * it into a model error at the call's line: `file:line: {{helper}}: message`.
 */
export class HelperArgumentError extends Error {}
