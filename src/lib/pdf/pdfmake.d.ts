// pdfmake 0.3 ships no type declarations; src/lib/pdf/render.ts types the part it uses.
declare module 'pdfmake/build/pdfmake';
