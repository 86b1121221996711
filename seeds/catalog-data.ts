/** The category tree of the demo marketplace (and of tests): Indonesian marketplace categories. */
export interface CategorySeed {
  readonly name: string;
  readonly slug: string;
  readonly children?: readonly CategorySeed[];
}

export const categoryTree: readonly CategorySeed[] = [
  {
    name: 'Fashion Wanita',
    slug: 'fashion-wanita',
    children: [
      { name: 'Dress', slug: 'dress' },
      { name: 'Atasan Wanita', slug: 'atasan-wanita' },
      { name: 'Batik Wanita', slug: 'batik-wanita' },
    ],
  },
  {
    name: 'Fashion Muslim',
    slug: 'fashion-muslim',
    children: [
      { name: 'Gamis', slug: 'gamis' },
      { name: 'Hijab', slug: 'hijab' },
      { name: 'Baju Koko', slug: 'baju-koko' },
    ],
  },
  {
    name: 'Fashion Pria',
    slug: 'fashion-pria',
    children: [
      { name: 'Kemeja', slug: 'kemeja' },
      { name: 'Batik Pria', slug: 'batik-pria' },
      { name: 'Kaos', slug: 'kaos' },
    ],
  },
  {
    name: 'Kecantikan & Perawatan',
    slug: 'kecantikan',
    children: [
      { name: 'Skincare', slug: 'skincare' },
      { name: 'Makeup', slug: 'makeup' },
    ],
  },
  {
    name: 'Elektronik',
    slug: 'elektronik',
    children: [
      { name: 'Aksesoris HP', slug: 'aksesoris-hp' },
      { name: 'Audio', slug: 'audio' },
    ],
  },
  {
    name: 'Makanan & Minuman',
    slug: 'makanan-minuman',
    children: [
      { name: 'Camilan', slug: 'camilan' },
      { name: 'Kopi & Teh', slug: 'kopi-teh' },
    ],
  },
  { name: 'Rumah Tangga', slug: 'rumah-tangga', children: [{ name: 'Dapur', slug: 'dapur' }] },
  // Listed so the guidelines have something to refuse: TikTok Shop Indonesia prohibits e-cigarettes.
  { name: 'Rokok Elektrik', slug: 'rokok-elektrik' },
];
