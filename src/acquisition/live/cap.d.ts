// `cap` ships no types; cap-binding.ts declares the part we use.
declare module 'cap';
