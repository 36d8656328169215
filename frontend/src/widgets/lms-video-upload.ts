// Placeholder: being written (issue 10).
export {};
