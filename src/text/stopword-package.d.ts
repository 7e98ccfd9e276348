// The `stopword` package ships no types; these are the two lists newsbot uses.
declare module 'stopword' {
  export const eng: string[];
  export const vie: string[];
}
