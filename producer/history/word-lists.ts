/**
 * Vocabulary for believable dimension data. Changing any list changes every generated history for
 * a given seed, so append-only edits are not "safe" either: regenerate with `--force` afterwards.
 */

/** Store banners of the (fictional) chain; a store name is a banner plus a district. */
export const STORE_BANNERS = ['FreshWay Market', 'FreshWay Express', 'FreshWay Superstore', 'FreshWay Local'] as const;

export const CITIES = [
  'Portland', 'Seattle', 'Denver', 'Austin', 'Boston', 'Chicago', 'Minneapolis', 'Atlanta', 'Phoenix', 'San Diego',
  'Sacramento', 'Salt Lake City', 'Nashville', 'Columbus', 'Pittsburgh', 'Raleigh', 'Kansas City', 'Milwaukee',
  'Tampa', 'Baltimore', 'Richmond', 'Albuquerque', 'Boise', 'Spokane', 'Madison', 'Omaha', 'Tucson', 'Cleveland',
  'Louisville', 'Charlotte', 'Detroit', 'St. Louis', 'Indianapolis', 'Oakland', 'San Antonio', 'Buffalo',
] as const;

export const DISTRICTS = [
  'Downtown', 'Riverside', 'Northgate', 'Westfield', 'Eastside', 'Old Town', 'Hillcrest', 'Lakeview', 'Midtown',
  'Southpark', 'Harbor', 'University', 'Greenwood', 'Maple Heights', 'Oak Grove', 'Cedar Park', 'Brookside',
  'Station Square', 'Market Street', 'Pinewood', 'Fairview', 'Highland', 'Meadows', 'Parkside',
] as const;

/** One department of the catalogue. Prices are integer cents for the smallest size. */
export interface Category {
  readonly name: string;
  readonly brands: readonly string[];
  readonly products: readonly string[];
  /** Pack sizes, smallest first; larger sizes cost proportionally more (see `SIZE_PRICE_FACTORS`). */
  readonly sizes: readonly string[];
  readonly variants: readonly string[];
  readonly minCents: number;
  readonly maxCents: number;
}

/** Price multipliers for the 1st, 2nd, 3rd… size of a category. */
export const SIZE_PRICE_FACTORS = [1, 1.7, 2.8, 4.2] as const;

/** Brands sold in every department (the chain's own labels), so they appear across the catalogue. */
export const HOUSE_BRANDS = ['FreshWay', 'FreshWay Essentials', 'Simply Good'] as const;

/** Variant price multipliers; variants not listed cost the same as the plain product. */
export const VARIANT_PRICE_FACTORS: Readonly<Record<string, number>> = {
  Organic: 1.4,
  Premium: 1.5,
  Value: 0.7,
  'Family Pack': 1.8,
  'Gluten-Free': 1.35,
};

export const CATEGORIES: readonly Category[] = [
  {
    name: 'Dairy',
    brands: ['Meadowbrook', 'Alpine Valley', 'Green Pastures', 'Clover Hill', 'Dairy Pride', 'Sunny Farm'],
    products: ['Whole Milk', 'Semi-Skimmed Milk', 'Skimmed Milk', 'Greek Yogurt', 'Natural Yogurt', 'Strawberry Yogurt',
      'Cheddar Cheese', 'Mozzarella', 'Butter', 'Cream Cheese', 'Sour Cream', 'Double Cream', 'Cottage Cheese', 'Feta',
      'Parmesan', 'Oat Milk', 'Almond Milk', 'Kefir'],
    sizes: ['250 g', '500 g', '1 kg'],
    variants: ['Organic', 'Light', 'Lactose-Free', 'Value'],
    minCents: 89,
    maxCents: 449,
  },
  {
    name: 'Bakery',
    brands: ['Golden Crust', 'Hearth & Home', 'Baker Street', 'Rustic Mill', 'Morning Oven'],
    products: ['White Bread', 'Wholemeal Bread', 'Sourdough Loaf', 'Rye Bread', 'Bagels', 'Croissants', 'Brioche Buns',
      'Pita Bread', 'Tortilla Wraps', 'English Muffins', 'Baguette', 'Cinnamon Rolls', 'Blueberry Muffins', 'Ciabatta'],
    sizes: ['4 pack', '6 pack', '12 pack'],
    variants: ['Seeded', 'Multigrain', 'Gluten-Free', 'Value'],
    minCents: 99,
    maxCents: 399,
  },
  {
    name: 'Produce',
    brands: ['Orchard Fresh', 'Green Valley', 'Sunripe', 'Harvest Field', 'Nature\'s Basket'],
    products: ['Bananas', 'Gala Apples', 'Navel Oranges', 'Lemons', 'Avocados', 'Strawberries', 'Blueberries',
      'Red Grapes', 'Carrots', 'Broccoli', 'Baby Spinach', 'Iceberg Lettuce', 'Cherry Tomatoes', 'Cucumbers',
      'Red Onions', 'Potatoes', 'Sweet Potatoes', 'Bell Peppers', 'Mushrooms', 'Garlic', 'Zucchini', 'Pears'],
    sizes: ['250 g', '500 g', '1 kg', '2 kg'],
    variants: ['Organic', 'Premium', 'Value'],
    minCents: 59,
    maxCents: 399,
  },
  {
    name: 'Meat',
    brands: ['Prairie Ranch', 'Butcher\'s Choice', 'Oakwood Farms', 'Hillside Meats', 'Country Table'],
    products: ['Chicken Breast', 'Chicken Thighs', 'Ground Beef', 'Beef Steak', 'Pork Chops', 'Bacon', 'Pork Sausages',
      'Sliced Ham', 'Turkey Slices', 'Lamb Mince', 'Beef Burgers', 'Chicken Wings', 'Salami', 'Meatballs'],
    sizes: ['300 g', '500 g', '1 kg'],
    variants: ['Organic', 'Free-Range', 'Premium', 'Family Pack'],
    minCents: 299,
    maxCents: 999,
  },
  {
    name: 'Seafood',
    brands: ['Ocean Catch', 'Blue Harbor', 'Northern Waters', 'Coastline'],
    products: ['Salmon Fillets', 'Cod Fillets', 'Prawns', 'Tuna Steaks', 'Smoked Salmon', 'Fish Fingers', 'Mussels',
      'Sea Bass', 'Crab Sticks', 'Mackerel Fillets'],
    sizes: ['200 g', '400 g', '800 g'],
    variants: ['Wild', 'Sustainably Sourced', 'Premium'],
    minCents: 349,
    maxCents: 1199,
  },
  {
    name: 'Pantry',
    brands: ['Pantry Pride', 'Mama Rosa', 'Golden Harvest', 'Old Mill', 'Casa Verde', 'Kitchen Garden'],
    products: ['Spaghetti', 'Penne Pasta', 'Basmati Rice', 'Jasmine Rice', 'Rolled Oats', 'Plain Flour', 'Granulated Sugar',
      'Olive Oil', 'Sunflower Oil', 'Tomato Sauce', 'Pesto', 'Chopped Tomatoes', 'Baked Beans', 'Chickpeas',
      'Kidney Beans', 'Peanut Butter', 'Strawberry Jam', 'Honey', 'Chicken Stock', 'Couscous', 'Lentils', 'Quinoa'],
    sizes: ['400 g', '1 kg', '2 kg'],
    variants: ['Organic', 'Wholewheat', 'Value', 'Premium'],
    minCents: 79,
    maxCents: 599,
  },
  {
    name: 'Breakfast',
    brands: ['Sunrise', 'Crunchy Valley', 'Morning Glory', 'Oat Mill'],
    products: ['Corn Flakes', 'Granola', 'Muesli', 'Bran Flakes', 'Porridge Oats', 'Chocolate Cereal', 'Honey Hoops',
      'Pancake Mix', 'Maple Syrup', 'Breakfast Bars'],
    sizes: ['375 g', '750 g', '1 kg'],
    variants: ['Organic', 'No Added Sugar', 'Value', 'Family Pack'],
    minCents: 149,
    maxCents: 549,
  },
  {
    name: 'Snacks',
    brands: ['Crispy Bay', 'Snack Shack', 'Golden Bites', 'Munchwell', 'Pop & Co'],
    products: ['Potato Chips', 'Tortilla Chips', 'Pretzels', 'Popcorn', 'Salted Peanuts', 'Mixed Nuts', 'Rice Cakes',
      'Chocolate Cookies', 'Oat Biscuits', 'Milk Chocolate Bar', 'Dark Chocolate Bar', 'Gummy Bears', 'Crackers',
      'Trail Mix', 'Cheese Puffs'],
    sizes: ['150 g', '300 g', '600 g'],
    variants: ['Sea Salt', 'Sour Cream & Onion', 'Barbecue', 'Lightly Salted', 'Family Pack'],
    minCents: 99,
    maxCents: 449,
  },
  {
    name: 'Beverages',
    brands: ['Clearspring', 'Fizz Co', 'Orchard Press', 'Highland Springs', 'Tropic Sun', 'Bean Roasters'],
    products: ['Sparkling Water', 'Still Water', 'Orange Juice', 'Apple Juice', 'Cola', 'Lemonade', 'Iced Tea',
      'Ground Coffee', 'Coffee Beans', 'Instant Coffee', 'Black Tea', 'Green Tea', 'Energy Drink', 'Coconut Water',
      'Ginger Ale', 'Cranberry Juice'],
    sizes: ['500 ml', '1 L', '2 L', '6 x 330 ml'],
    variants: ['Zero Sugar', 'Organic', 'Premium', 'Value'],
    minCents: 69,
    maxCents: 699,
  },
  {
    name: 'Frozen',
    brands: ['Polar Kitchen', 'Frosty Farms', 'Iceberg', 'Winter Table'],
    products: ['Frozen Peas', 'Mixed Vegetables', 'French Fries', 'Margherita Pizza', 'Pepperoni Pizza', 'Vanilla Ice Cream',
      'Chocolate Ice Cream', 'Chicken Nuggets', 'Veggie Burgers', 'Frozen Berries', 'Lasagne', 'Spring Rolls',
      'Hash Browns', 'Sweetcorn'],
    sizes: ['400 g', '900 g', '1.5 kg'],
    variants: ['Organic', 'Premium', 'Value', 'Family Pack'],
    minCents: 149,
    maxCents: 699,
  },
  {
    name: 'Deli',
    brands: ['Deli Corner', 'Little Italy', 'Mediterranean Table', 'Chef\'s Pantry'],
    products: ['Hummus', 'Guacamole', 'Olives', 'Coleslaw', 'Potato Salad', 'Sushi Box', 'Chicken Wrap', 'Pasta Salad',
      'Quiche', 'Sun-Dried Tomatoes', 'Tzatziki', 'Falafel'],
    sizes: ['150 g', '300 g', '500 g'],
    variants: ['Classic', 'Spicy', 'Premium', 'Reduced Fat'],
    minCents: 149,
    maxCents: 599,
  },
  {
    name: 'Household',
    brands: ['SparkleHome', 'PureClean', 'EcoNest', 'BrightDay', 'Homecare'],
    products: ['Dish Soap', 'Laundry Detergent', 'Fabric Softener', 'All-Purpose Cleaner', 'Glass Cleaner', 'Bleach',
      'Paper Towels', 'Toilet Paper', 'Trash Bags', 'Sponges', 'Aluminium Foil', 'Cling Film', 'Dishwasher Tablets',
      'Zip Bags'],
    sizes: ['500 ml', '1 L', '2 L', 'Bulk Pack'],
    variants: ['Fresh Scent', 'Lemon', 'Unscented', 'Eco', 'Value'],
    minCents: 129,
    maxCents: 899,
  },
  {
    name: 'Personal Care',
    brands: ['Pure Essence', 'Daily Glow', 'Botanica', 'Silk & Co', 'DermaCare'],
    products: ['Shampoo', 'Conditioner', 'Body Wash', 'Hand Soap', 'Toothpaste', 'Mouthwash', 'Deodorant', 'Shaving Gel',
      'Face Cream', 'Sunscreen', 'Cotton Pads', 'Hand Cream', 'Lip Balm'],
    sizes: ['75 ml', '250 ml', '500 ml'],
    variants: ['Sensitive', 'Fresh Mint', 'Aloe Vera', 'Coconut', 'For Men'],
    minCents: 149,
    maxCents: 899,
  },
  {
    name: 'Baby',
    brands: ['Little Sprout', 'Tiny Steps', 'BabyBloom'],
    products: ['Diapers', 'Baby Wipes', 'Baby Food Pouches', 'Infant Formula', 'Baby Shampoo', 'Teething Biscuits',
      'Baby Lotion'],
    sizes: ['Small', 'Medium', 'Large'],
    variants: ['Sensitive', 'Organic', 'Value'],
    minCents: 199,
    maxCents: 1499,
  },
  {
    name: 'Pet',
    brands: ['Happy Paws', 'Whisker Way', 'Tail Waggers'],
    products: ['Dry Dog Food', 'Wet Dog Food', 'Dry Cat Food', 'Wet Cat Food', 'Cat Litter', 'Dog Treats', 'Cat Treats',
      'Dental Chews'],
    sizes: ['400 g', '2 kg', '10 kg'],
    variants: ['Chicken', 'Salmon', 'Beef', 'Grain-Free', 'Senior'],
    minCents: 129,
    maxCents: 1299,
  },
  {
    name: 'Wine & Beer',
    brands: ['Valley Cellars', 'Old Barrel', 'Hop House', 'Stone Bridge', 'Vista Ridge'],
    products: ['Cabernet Sauvignon', 'Merlot', 'Pinot Noir', 'Chardonnay', 'Sauvignon Blanc', 'Rosé', 'Prosecco',
      'Lager', 'Pale Ale', 'IPA', 'Stout', 'Cider', 'Hard Seltzer'],
    sizes: ['330 ml', '750 ml', '6 x 330 ml', '12 x 330 ml'],
    variants: ['Reserve', 'Organic', 'Alcohol-Free', 'Classic'],
    minCents: 199,
    maxCents: 1499,
  },
];
