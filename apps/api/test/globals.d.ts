// Test-only typing: response bodies in these tests are asserted field by field, so read them as any.
declare global {
  interface Response {
    json(): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  }
}
export {};
